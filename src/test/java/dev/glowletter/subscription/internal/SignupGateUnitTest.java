package dev.glowletter.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.glowletter.subscription.EmailAddress;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignupGateUnitTest {

	private final AtomicBoolean sending = new AtomicBoolean();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private static SubscriptionProperties properties(int turns, int whileSending) {
		return new SubscriptionProperties(Duration.ofHours(48), Duration.ofDays(7), 3, 20, turns, whileSending,
				Duration.ofMillis(50), Duration.ofMillis(50), "Yes", "1", true, List.of(), null, 32, 2);
	}

	private static EmailAddress address(String name) {
		return EmailAddress.parse(name + "@example.org");
	}

	@AfterEach
	void stop() {
		threads.shutdownNow();
	}

	@Test
	void atMostTheConfiguredSignUpsRunAtOnceAndTheNextGoesWhenOneEnds() {
		SignupGate gate = new SignupGate(properties(2, 1), sending::get);
		SignupGate.Turn first = gate.enter(address("a"));
		SignupGate.Turn second = gate.enter(address("b"));

		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		assertThat(gate.enter(address("c"))).as("a third, after its wait").isNull();

		first.close();
		assertThat(gate.enter(address("c"))).isNotNull();
	}

	@Test
	void whileACampaignIsSendingSignUpsAreTakenAtTheConfiguredRate() {
		// one a second while sending: the first goes, the next would wait longer than 50
		// ms
		SignupGate gate = new SignupGate(properties(3, 1), sending::get);
		sending.set(true);
		SignupGate.Turn first = gate.enter(address("a"));

		assertThat(first).isNotNull();
		first.close();
		assertThat(gate.enter(address("b"))).isNull();

		sending.set(false);
		List<SignupGate.Turn> turns = new ArrayList<>(
				List.of(gate.enter(address("b")), gate.enter(address("c")), gate.enter(address("d"))));
		assertThat(turns).doesNotContainNull();
		assertThat(gate.enter(address("e"))).as("three at once at most, sending or not").isNull();
		turns.forEach(SignupGate.Turn::close);
	}

	@Test
	void whileACampaignIsSendingOneTheRateCannotTakeIsToldAfterItsWaitNotAtOnce() {
		// more turns than sign-ups a second: the bucket refuses the second at once, and
		// a flood's sender answered at once sends again at once (the flood bench: the
		// campaign kept a quarter of its rate)
		SignupGate gate = new SignupGate(properties(3, 1), sending::get);
		sending.set(true);
		SignupGate.Turn first = gate.enter(address("a"));
		assertThat(first).isNotNull();

		long start = System.nanoTime();
		assertThat(gate.enter(address("b"))).isNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("its wait, 50 ms")
			.isGreaterThanOrEqualTo(Duration.ofMillis(50));
		first.close();
	}

	@Test
	void signUpsOfOneAddressWaitForEachOtherWithoutTakingTurnsFromOthers() throws Exception {
		SignupGate gate = new SignupGate(properties(2, 1), sending::get);
		SignupGate.Turn first = gate.enter(address("twice"));
		CompletableFuture<Boolean> again = CompletableFuture.supplyAsync(() -> {
			SignupGate.Turn turn = gate.enter(address("TWICE"));
			if (turn == null) {
				return false;
			}
			turn.close();
			return true;
		}, threads);

		// the same address waits (longer than a turn's wait) ...
		assertThat(again).failsWithin(200, TimeUnit.MILLISECONDS).withThrowableOfType(TimeoutException.class);
		// ... without a turn: another address still finds one
		SignupGate.Turn other = gate.enter(address("other"));
		assertThat(other).isNotNull();
		other.close();

		first.close();
		assertThat(again.get(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aFloodOfOneAddressHoldsNoMoreThanItsShareOfThreads() throws Exception {
		SignupGate gate = new SignupGate(properties(2, 1), sending::get);
		SignupGate.Turn first = gate.enter(address("flooded"));
		List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
		for (int i = 0; i < SignupGate.MAX_WAITING; i++) {
			waiting.add(CompletableFuture.supplyAsync(() -> {
				SignupGate.Turn turn = gate.enter(address("flooded"));
				if (turn == null) {
					return false;
				}
				turn.close();
				return true;
			}, threads));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> gate.waitingFor(address("flooded")) == SignupGate.MAX_WAITING);

		assertThat(gate.enter(address("flooded"))).as("one more is told busy at once").isNull();

		first.close();
		for (CompletableFuture<Boolean> each : waiting) {
			assertThat(each.get(10, TimeUnit.SECONDS)).isTrue();
		}
	}

}
