package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.glowletter.IntegrationTest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

class LoginThrottleIntegrationTest extends IntegrationTest {

	@Autowired
	LoginThrottle.Settings settings;

	@Autowired
	LoginThrottle throttle;

	@Autowired
	JdbcClient jdbc;

	/**
	 * The throttle's counts live in the database the other tests' contexts share: none is
	 * left for them.
	 */
	@AfterEach
	void forgetTheCounts() {
		jdbc.sql("DELETE FROM login_throttle").update();
	}

	private static RequestPostProcessor from(String address) {
		return request -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	@Test
	void wrongCredentialsAre401() throws Exception {
		mvc.perform(get("/api/articles").with(httpBasic("admin", "wrong")).with(from("10.1.0.1")))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void repeatedFailuresFromOneAddressAreRefusedWith429UntilTheWindowPasses() throws Exception {
		for (int i = 0; i < 5; i++) {
			mvc.perform(get("/api/articles").with(httpBasic("admin", "guess" + i)).with(from("10.1.0.2")))
				.andExpect(status().isUnauthorized());
		}
		// even the right password is refused now: the guesser cannot tell
		mvc.perform(get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.1.0.2")))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"));
		// another address is not affected
		mvc.perform(get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.1.0.3")))
			.andExpect(status().isOk());

		clock.advance(Duration.ofMinutes(16));
		mvc.perform(get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.1.0.2")))
			.andExpect(status().isOk());
	}

	@Test
	void twentyParallelWrongBasicLoginsFromOneAddressAreCheckedAtMostFiveTimes() throws Exception {
		List<Integer> statuses = inParallel(20,
				i -> get("/api/articles").with(httpBasic("admin", "parallel-guess-" + i)).with(from("10.1.1.1")));

		assertThat(statuses).containsOnly(401, 429);
		assertThat(statuses).as("passwords checked").filteredOn(status -> status == 401).hasSize(5);
	}

	@Test
	void twentyParallelWrongFormLoginsFromOneAddressAreCheckedAtMostFiveTimes() throws Exception {
		List<Integer> statuses = inParallel(20,
				i -> post("/admin/login").with(csrf())
					.with(from("10.1.1.2"))
					.param("username", "admin")
					.param("password", "parallel-guess-" + i));

		// a checked password that is wrong is sent back to the login page
		assertThat(statuses).containsOnly(302, 429);
		assertThat(statuses).as("passwords checked").filteredOn(status -> status == 302).hasSize(5);
	}

	@Test
	void guessesFromManyAddressesAreSpacedOutWhileTheAdminWaitsAtMostAMinute() throws Exception {
		List<Long> waits = new ArrayList<>();
		int refusedBeforeTheFirstWait = 0;
		for (int address = 1; address <= 30; address++) {
			// each guess from an address of its own, sent again as soon as the answer
			// says it may
			while (true) {
				MockHttpServletResponse answer = call(
						get("/api/articles").with(httpBasic("admin", "spread-guess-" + address))
							.with(from("10.2.0." + address)));
				if (answer.getStatus() == 401) {
					break;
				}
				assertThat(answer.getStatus()).isEqualTo(429);
				long wait = Long.parseLong(answer.getHeader("Retry-After"));
				if (waits.isEmpty()) {
					refusedBeforeTheFirstWait = address - 1;
				}
				waits.add(wait);
				clock.advance(Duration.ofSeconds(wait));
			}
		}
		assertThat(refusedBeforeTheFirstWait).as("guesses checked before the account is slowed down").isEqualTo(10);
		assertThat(waits).as("growing waits, capped at a minute")
			.isSorted()
			.allSatisfy(wait -> assertThat(wait).isBetween(1L, 60L))
			.contains(60L);
		assertThat(waits.stream().mapToLong(Long::longValue).sum()).as("seconds the 30 guesses took")
			.isGreaterThan(10 * 60);

		// the admin, from an address of their own, waits at most a minute, however often
		// they try meanwhile
		MockHttpServletResponse refused = call(
				get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.2.1.1")));
		assertThat(refused.getStatus()).isEqualTo(429);
		long wait = Long.parseLong(refused.getHeader("Retry-After"));
		assertThat(wait).isBetween(1L, 60L);
		for (int i = 0; i < 6; i++) {
			assertThat(call(post("/admin/login").with(csrf())
				.with(from("10.2.1.1"))
				.param("username", "admin")
				.param("password", ADMIN_PASSWORD)).getStatus()).isEqualTo(429);
		}
		clock.advance(Duration.ofSeconds(wait));
		mvc.perform(get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.2.1.1")))
			.andExpect(status().isOk());
	}

	@Test
	void correctParallelBasicCallsOfAScriptAreNeverRefused() throws Exception {
		// four typos first: a fifth failure would block the address
		for (int i = 0; i < 4; i++) {
			mvc.perform(get("/api/articles").with(httpBasic("admin", "typo" + i)).with(from("10.3.0.1")))
				.andExpect(status().isUnauthorized());
		}
		for (int round = 0; round < 3; round++) {
			List<Integer> statuses = inParallel(20,
					i -> get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.3.0.1")));
			assertThat(statuses).as("round " + round).containsOnly(200);
		}
	}

	@Test
	void aScriptsRememberedCredentialsAreNotSpacedOutButDoNotOpenABlockedAddress() throws Exception {
		mvc.perform(get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.6.0.1")))
			.andExpect(status().isOk());
		// others guess the account from many addresses until its attempts are spaced out
		for (int address = 1; address <= 10; address++) {
			mvc.perform(get("/api/articles").with(httpBasic("admin", "guess")).with(from("10.6.1." + address)))
				.andExpect(status().isUnauthorized());
		}
		mvc.perform(get("/api/articles").with(httpBasic("admin", "guess")).with(from("10.6.1.99")))
			.andExpect(status().isTooManyRequests());

		// the script's credentials, right from its address a moment ago, go on working
		mvc.perform(get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.6.0.1")))
			.andExpect(status().isOk());
		// a guesser at the script's address is refused, and each refusal counts there,
		// since it tells a wrong guess from a right one…
		for (int i = 0; i < 5; i++) {
			mvc.perform(get("/api/articles").with(httpBasic("admin", "guess" + i)).with(from("10.6.0.1")))
				.andExpect(status().isTooManyRequests());
		}
		// …so that the address is blocked, and a right guess cannot be told from a wrong
		// one
		mvc.perform(get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).with(from("10.6.0.1")))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "900"));
	}

	@Test
	void twoThrottlesOnOneDatabaseSeeOneCount() throws Exception {
		LoginThrottle first = new LoginThrottle(new LoginFailures(jdbc, settings, clock), settings, clock);
		LoginThrottle second = new LoginThrottle(new LoginFailures(jdbc, settings, clock), settings, clock);
		for (int i = 0; i < 5; i++) {
			assertThat(wrongPassword(i % 2 == 0 ? first : second, "10.4.0.1")).as("guess " + i).isEqualTo(401);
		}

		assertThat(wrongPassword(first, "10.4.0.1")).isEqualTo(429);
		assertThat(wrongPassword(second, "10.4.0.1")).isEqualTo(429);
	}

	@Test
	void twentyParallelGuessesSpreadOverTwoThrottlesAreCheckedAtMostFiveTimes() throws Exception {
		List<LoginThrottle> throttles = List.of(
				new LoginThrottle(new LoginFailures(jdbc, settings, clock), settings, clock),
				new LoginThrottle(new LoginFailures(jdbc, settings, clock), settings, clock));
		ExecutorService threads = Executors.newFixedThreadPool(20);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				LoginThrottle throttle = throttles.get(i % 2);
				answers.add(threads.submit(() -> {
					start.await();
					return wrongPassword(throttle, "10.4.0.2");
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get(2, TimeUnit.MINUTES));
			}
			assertThat(statuses).containsOnly(401, 429);
			assertThat(statuses).as("passwords checked").filteredOn(status -> status == 401).hasSize(5);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void countsQuietForTheWindowAreDeletedOnSchedule() throws Exception {
		mvc.perform(get("/api/articles").with(httpBasic("admin", "guess")).with(from("10.5.0.1")))
			.andExpect(status().isUnauthorized());
		assertThat(rows("10.5.0.1")).isOne();

		throttle.forgetOld();
		assertThat(rows("10.5.0.1")).as("within the window").isOne();
		clock.advance(Duration.ofMinutes(16));
		throttle.forgetOld();
		assertThat(rows("10.5.0.1")).isZero();
		assertThat(rows(LoginFailures.ANY_ADDRESS)).isZero();
	}

	private int rows(String address) {
		return jdbc.sql("SELECT COUNT(*) FROM login_throttle WHERE address = ?")
			.param(address)
			.query(Integer.class)
			.single();
	}

	/**
	 * A wrong HTTP Basic password for the admin through the throttle's filter alone,
	 * checked by a stand-in for Spring Security that fails it: 401 when it was checked,
	 * else the throttle's answer.
	 */
	private static int wrongPassword(LoginThrottle throttle, String address) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/articles");
		request.setRemoteAddr(address);
		request.addHeader("Authorization",
				"Basic " + Base64.getEncoder().encodeToString(("admin:guess-" + System.nanoTime()).getBytes()));
		MockHttpServletResponse response = new MockHttpServletResponse();
		throttle.filter().doFilter(request, response, (checked, answer) -> {
			throttle.failed(new AuthenticationFailureBadCredentialsEvent(
					new TestingAuthenticationToken("admin", "guess"), new BadCredentialsException("wrong")));
			((HttpServletResponse) answer).setStatus(401);
		});
		return response.getStatus();
	}

	private MockHttpServletResponse call(RequestBuilder request) throws Exception {
		return mvc.perform(request).andReturn().getResponse();
	}

	/**
	 * Sends the n requests at the same moment, each from a thread of its own, and gives
	 * their statuses.
	 */
	private List<Integer> inParallel(int n, IntFunction<RequestBuilder> request) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(n);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				RequestBuilder one = request.apply(i);
				answers.add(threads.submit(() -> {
					start.await();
					return call(one).getStatus();
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				statuses.add(answer.get(2, TimeUnit.MINUTES));
			}
			return statuses;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
