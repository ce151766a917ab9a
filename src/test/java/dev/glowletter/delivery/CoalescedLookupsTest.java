package dev.glowletter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

class CoalescedLookupsTest {

	private final ExecutorService callers = Executors.newFixedThreadPool(20);

	private final List<List<Long>> queries = new CopyOnWriteArrayList<>();

	private final CountDownLatch firstMayAnswer = new CountDownLatch(1);

	/** Finds the even keys (as their tenfold); the first query waits until let go. */
	private final CoalescedLookups<Long> lookups = new CoalescedLookups<>(1, (keys) -> {
		this.queries.add(keys);
		if (this.queries.size() == 1) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.firstMayAnswer.getCount() == 0);
		}
		Map<Long, Long> found = new HashMap<>();
		keys.stream().filter((key) -> key % 2 == 0).forEach((key) -> found.put(key, key * 10));
		return found;
	});

	@AfterEach
	void stop() throws InterruptedException {
		this.firstMayAnswer.countDown();
		this.callers.shutdownNow();
		this.callers.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void aCallerAloneRunsItsOwnQuery() {
		this.firstMayAnswer.countDown();

		assertThat(this.lookups.find(4)).contains(40L);
		assertThat(this.lookups.find(7)).isEmpty();
		assertThat(this.queries).containsExactly(List.of(4L), List.of(7L));
	}

	@Test
	void keysThatComeWhileAQueryRunsShareTheNextQueryAndEachGetsItsOwnAnswer() throws Exception {
		Future<Optional<Long>> first = this.callers.submit(() -> this.lookups.find(2));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.queries.size() == 1);
		List<Future<Optional<Long>>> later = new ArrayList<>();
		for (long key = 10; key < 22; key++) {
			long asked = key;
			later.add(this.callers.submit(() -> this.lookups.find(asked)));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.lookups.waiting() == 12);

		this.firstMayAnswer.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).contains(20L);
		for (int i = 0; i < later.size(); i++) {
			long key = 10 + i;
			assertThat(later.get(i).get(10, TimeUnit.SECONDS))
				.isEqualTo((key % 2 == 0) ? Optional.of(key * 10) : Optional.empty());
		}
		assertThat(this.queries).hasSize(2);
		assertThat(this.queries.get(1)).hasSize(16)
			.containsAll(List.of(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L));
	}

	@Test
	void aFailedQueryFailsEveryCallerWhoseKeyItHadAndTheNextQueryRuns() throws Exception {
		CoalescedLookups<Long> flaky = new CoalescedLookups<>(1, (keys) -> {
			this.queries.add(keys);
			if (this.queries.size() == 1) {
				await().atMost(Duration.ofSeconds(10)).until(() -> this.firstMayAnswer.getCount() == 0);
			}
			if (keys.contains(2L)) {
				throw new IllegalStateException("the database went away");
			}
			return Map.of(keys.get(0), 1L);
		});
		Future<Optional<Long>> leader = this.callers.submit(() -> flaky.find(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.queries.size() == 1);
		Future<Optional<Long>> two = this.callers.submit(() -> flaky.find(2));
		Future<Optional<Long>> three = this.callers.submit(() -> flaky.find(3));
		await().atMost(Duration.ofSeconds(10)).until(() -> flaky.waiting() == 2);

		this.firstMayAnswer.countDown();

		assertThat(leader.get(10, TimeUnit.SECONDS)).contains(1L);
		for (Future<Optional<Long>> failed : List.of(two, three)) {
			assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).cause()
				.isInstanceOf(DataAccessException.class)
				.hasRootCauseMessage("the database went away");
		}
		assertThat(flaky.find(5)).contains(1L);
		assertThat(this.queries).hasSize(3);
	}

	@Test
	void manyCallersAtOnceEachGetTheirOwnAnswerAndNoMoreQueriesRunThanAllowed() throws Exception {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		CoalescedLookups<Long> shared = new CoalescedLookups<>(3, (keys) -> {
			mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
			Map<Long, Long> found = new HashMap<>();
			keys.stream().filter((key) -> key % 2 == 0).forEach((key) -> found.put(key, key * 10));
			running.decrementAndGet();
			return found;
		});
		List<Future<Integer>> callers = new ArrayList<>();
		for (int caller = 0; caller < 16; caller++) {
			long first = caller * 1_000_000L;
			callers.add(this.callers.submit(() -> {
				int wrong = 0;
				for (long key = first; key < first + 2_000; key++) {
					Optional<Long> value = shared.find(key);
					if (!value.equals((key % 2 == 0) ? Optional.of(key * 10) : Optional.empty())) {
						wrong++;
					}
				}
				return wrong;
			}));
		}
		for (Future<Integer> caller : callers) {
			assertThat(caller.get(60, TimeUnit.SECONDS)).isZero();
		}
		assertThat(mostAtOnce.get()).isBetween(1, 3);
		assertThat(shared.waiting()).isZero();
	}

}
