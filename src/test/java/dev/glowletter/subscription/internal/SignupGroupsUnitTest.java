package dev.glowletter.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.SubscribeRequest;
import dev.glowletter.subscription.TooManyRequests;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignupGroupsUnitTest {

	/** Groups stored at once. */
	private static final int LANES = 2;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	/** Each group the store was given, in the order it was given them. */
	private final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger storing = new AtomicInteger();

	private final AtomicInteger mostAtOnce = new AtomicInteger();

	@AfterEach
	void stop() {
		threads.shutdownNow();
	}

	private static SubscribeRequest request(String name) {
		return new SubscribeRequest(EmailAddress.parse(name + "@example.org"), null, ConsentSource.API, "192.0.2.1",
				"test");
	}

	/** Records the group and how many groups are stored at once, then stores it. */
	private List<TooManyRequests> record(List<SubscribeRequest> requests, SignupGroups.Store then) {
		mostAtOnce.accumulateAndGet(storing.incrementAndGet(), Math::max);
		try {
			groups.add(requests.stream().map(request -> request.email().value()).toList());
			return then.subscribeAll(requests);
		}
		finally {
			storing.decrementAndGet();
		}
	}

	private static List<TooManyRequests> stored(List<SubscribeRequest> requests) {
		return new ArrayList<>(Collections.nCopies(requests.size(), null));
	}

	@Test
	void aSignUpAloneIsAGroupOfOne() {
		SignupGroups signups = new SignupGroups(requests -> record(requests, SignupGroupsUnitTest::stored), 6, LANES,
				true);

		assertThat(signups.subscribe(request("rosa"))).isTrue();
		assertThat(groups).containsExactly(List.of("rosa@example.org"));
	}

	@Test
	void withGroupsOffASignUpIsLeftToItsCallerAndNothingIsStored() {
		SignupGroups signups = new SignupGroups(requests -> record(requests, SignupGroupsUnitTest::stored), 6, LANES,
				false);

		assertThat(signups.subscribe(request("rosa"))).isFalse();
		assertThat(groups).isEmpty();
	}

	@Test
	void signUpsArrivingWhileOthersAreStoredGoTogetherInTheirOrderOfLockSlots() throws Exception {
		CountDownLatch first = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		SignupGroups signups = new SignupGroups(requests -> record(requests, group -> {
			if (group.get(0).email().value().startsWith("first")) {
				first.countDown();
				await(release);
			}
			return stored(group);
		}), 6, LANES, true);
		// both lanes busy with one sign-up each
		Future<Boolean> one = threads.submit(() -> signups.subscribe(request("first-a")));
		first.await(5, TimeUnit.SECONDS);
		Future<Boolean> two = threads.submit(() -> signups.subscribe(request("first-b")));
		Awaitility.await().until(() -> groups.size() == 2);
		List<Future<Boolean>> waiting = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String name = "reader" + i;
			waiting.add(threads.submit(() -> signups.subscribe(request(name))));
		}
		Awaitility.await().until(() -> waitingThreads(signups) == 8);
		release.countDown();

		assertThat(one.get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(two.get(5, TimeUnit.SECONDS)).isTrue();
		for (Future<Boolean> each : waiting) {
			assertThat(each.get(5, TimeUnit.SECONDS)).isTrue();
		}
		List<List<String>> later = groups.subList(2, groups.size());
		assertThat(later).as("eight waiting, six to a group: two groups").hasSize(2);
		assertThat(later.get(0)).hasSize(6);
		assertThat(later.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(
				List.of("reader0@example.org", "reader1@example.org", "reader2@example.org", "reader3@example.org",
						"reader4@example.org", "reader5@example.org", "reader6@example.org", "reader7@example.org"));
		for (List<String> group : later) {
			assertThat(group.stream().map(email -> AddressLocks.slot(EmailAddress.parse(email))).toList())
				.as("locked in one order by every group")
				.isSorted();
		}
		assertThat(mostAtOnce.get()).isEqualTo(LANES);
	}

	/** The sign-ups waiting for a group, parked. */
	private int waitingThreads(SignupGroups signups) {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(thread -> thread.getState() == Thread.State.WAITING && signups == LockSupport.getBlocker(thread))
			.count();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void aSignUpOverItsLimitIsRefusedAloneAndTheRestOfItsGroupIsStored() throws Exception {
		TooManyRequests tooMany = new TooManyRequests("Too many", "tooMany", Duration.ofMinutes(10));
		CountDownLatch release = new CountDownLatch(1);
		SignupGroups signups = new SignupGroups(requests -> record(requests, group -> {
			await(release);
			return group.stream()
				.map(request -> request.email().value().startsWith("over") ? tooMany : (TooManyRequests) null)
				.toList();
		}), 6, LANES, true);
		List<Future<Boolean>> lanes = List.of(threads.submit(() -> signups.subscribe(request("lane-a"))),
				threads.submit(() -> signups.subscribe(request("lane-b"))));
		Awaitility.await().until(() -> storing.get() == LANES);
		Future<Boolean> over = threads.submit(() -> signups.subscribe(request("over")));
		Future<Boolean> fine = threads.submit(() -> signups.subscribe(request("fine")));
		Awaitility.await().until(() -> waitingThreads(signups) == 2);
		release.countDown();

		assertThat(fine.get(5, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> over.get(5, TimeUnit.SECONDS))
			.withCause(tooMany);
		assertThat(groups).contains(List.of("fine@example.org", "over@example.org")
			.stream()
			.sorted((a, b) -> Integer.compare(AddressLocks.slot(EmailAddress.parse(a)),
					AddressLocks.slot(EmailAddress.parse(b))))
			.toList());
		for (Future<Boolean> lane : lanes) {
			assertThat(lane.get(5, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void whenAGroupFailsEachOfItsSignUpsIsToldToGoAloneAndLaterGroupsStillGo() {
		SignupGroups signups = new SignupGroups(requests -> record(requests, group -> {
			if (group.stream().anyMatch(request -> request.email().value().startsWith("broken"))) {
				throw new IllegalStateException("the database went away");
			}
			return stored(group);
		}), 6, LANES, true);

		assertThat(signups.subscribe(request("broken"))).as("nothing kept: the caller stores it alone").isFalse();
		assertThat(signups.subscribe(request("next"))).isTrue();
	}

	@Test
	void anErrorInAGroupReachesItsLeaderAndLeavesTheLanesForOthers() throws Exception {
		SignupGroups signups = new SignupGroups(requests -> record(requests, group -> {
			if (group.get(0).email().value().startsWith("fatal")) {
				throw new AssertionError("out of something");
			}
			return stored(group);
		}), 6, LANES, true);

		for (int i = 0; i < LANES + 1; i++) {
			Future<Boolean> fatal = threads.submit(() -> signups.subscribe(request("fatal")));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> fatal.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(AssertionError.class);
		}
		assertThat(threads.submit(() -> signups.subscribe(request("after"))).get(5, TimeUnit.SECONDS))
			.as("a lane lost would leave it waiting")
			.isTrue();
	}

	@Test
	void manySignUpsAtOnceWithGroupsFailingNowAndThenAllGetTheirAnswerAndNoneIsStoredTwice() throws Exception {
		Set<String> storedOnce = ConcurrentHashMap.newKeySet();
		Set<String> twice = ConcurrentHashMap.newKeySet();
		SignupGroups signups = new SignupGroups(requests -> record(requests, group -> {
			if (ThreadLocalRandom.current().nextInt(10) == 0) {
				throw new IllegalStateException("a deadlock, say");
			}
			for (SubscribeRequest request : group) {
				if (!storedOnce.add(request.email().value())) {
					twice.add(request.email().value());
				}
			}
			Thread.yield();
			return stored(group);
		}), 6, LANES, true);
		List<Future<Boolean>> answers = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			String name = "reader" + i;
			answers.add(threads.submit(() -> signups.subscribe(request(name))));
		}
		int stored = 0;
		for (Future<Boolean> answer : answers) {
			stored += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
		}

		assertThat(stored).isEqualTo(storedOnce.size());
		assertThat(twice).isEmpty();
		assertThat(groups).as("some went together").anyMatch(group -> group.size() > 1);
		assertThat(groups).allMatch(group -> group.size() <= 6);
		assertThat(mostAtOnce.get()).isLessThanOrEqualTo(LANES);
	}

}
