package dev.glowletter.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.glowletter.subscription.EmailAddress;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Sign-ups beyond what the gate can still serve are answered 503 with Retry-After in
 * front of everything else, after the wait, without holding a thread.
 */
class SignupSheddingUnitTest {

	private final AtomicBoolean sending = new AtomicBoolean();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	// one turn, and while sending one sign-up a second: one waiting is already too many
	private final SignupGate gate = new SignupGate(new SubscriptionProperties(Duration.ofHours(48), Duration.ofDays(7),
			3, 20, 1, 1, Duration.ofSeconds(5), Duration.ofMillis(100), "Yes", "1", true, List.of(), null, 32, 2),
			sending::get);

	private final SignupShedding shedding = new SignupShedding(gate, null, null, null);

	@AfterEach
	void stop() {
		threads.shutdownNow();
		shedding.destroy();
	}

	private static MockHttpServletRequest signUp() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/subscriptions");
		request.setAsyncSupported(true);
		request.setContentType("application/json");
		request.setContent("{\"email\":\"rosa@example.org\",\"consent\":true}".getBytes());
		return request;
	}

	@Test
	void aSignUpGoesOnWhileTheGateHasRoom() throws Exception {
		MockFilterChain chain = new MockFilterChain();

		shedding.doFilter(signUp(), new MockHttpServletResponse(), chain);

		assertThat(chain.getRequest()).isNotNull();
	}

	@Test
	void aSignUpBeyondWhatTheGateCanServeIsAnswered503AfterTheWaitWithoutGoingOn() throws Exception {
		SignupGate.Turn held = gate.enter(EmailAddress.parse("held@example.org"));
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
			SignupGate.Turn turn = gate.enter(EmailAddress.parse("waiting@example.org"));
			if (turn == null) {
				return false;
			}
			turn.close();
			return true;
		}, threads);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gate.waiting() == 1);
		sending.set(true);
		MockHttpServletRequest request = signUp();
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		shedding.doFilter(request, response, chain);

		assertThat(chain.getRequest()).as("nothing behind it runs").isNull();
		assertThat(request.isAsyncStarted()).as("no thread waits for the answer").isTrue();
		// answered once its wait (100 ms while sending) is over
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !request.isAsyncStarted());
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("2");
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":503").contains("try again in a moment");

		held.close();
		assertThat(waiting.get()).as("the one that waited for a turn got it").isTrue();
	}

}
