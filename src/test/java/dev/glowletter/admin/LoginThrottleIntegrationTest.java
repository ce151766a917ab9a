package dev.glowletter.admin;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

class LoginThrottleIntegrationTest extends IntegrationTest {

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
}
