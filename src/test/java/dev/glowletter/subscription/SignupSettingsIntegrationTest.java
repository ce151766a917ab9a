package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The sign-up settings that the shared test context leaves at their defaults: allowed
 * CORS origins and a low per-IP limit. One class, so one extra application context.
 */
@TestPropertySource(properties = { "glowletter.subscription.cors-origins=https://blog.example.org",
		"glowletter.subscription.requests-per-ip-per-hour=3" })
class SignupSettingsIntegrationTest extends ReaderFixtures {

	private static final String BLOG = "https://blog.example.org";

	@Test
	void corsPreflightFromAConfiguredOriginIsAllowed() throws Exception {
		mvc.perform(options("/api/subscriptions").header("Origin", BLOG)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type"))
			.andExpect(status().isOk())
			.andExpect(header().string("Access-Control-Allow-Origin", BLOG))
			.andExpect(header().string("Access-Control-Allow-Methods", Matchers.containsString("POST")));
	}

	@Test
	void corsPreflightFromAnotherOriginIsRefused() throws Exception {
		mvc.perform(options("/api/subscriptions").header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type"))
			.andExpect(status().isForbidden())
			.andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
	}

	@Test
	void crossOriginSignUpFromTheBlogIsAcceptedWithTheAllowOriginHeader() throws Exception {
		String email = newAddress("blog");
		mvc.perform(post("/api/subscriptions").with(freshIp())
			.header("Origin", BLOG)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + email + "\",\"consent\":true,\"source\":\"embed\"}"))
			.andExpect(status().isAccepted())
			.andExpect(header().string("Access-Control-Allow-Origin", BLOG));
		assertThat(jdbc.sql("SELECT source FROM consent WHERE subscriber_id = ?")
			.param(idOf(email))
			.query(String.class)
			.single()).isEqualTo("EMBED");
	}

	@Test
	void fourthSignUpFromOneIpInAnHourGets429AndStoresNothing() throws Exception {
		String ip = "198.51.100.7";
		for (int i = 0; i < 3; i++) {
			mvc.perform(post("/subscribe").with(csrf())
				.with(fromIp(ip))
				.param("email", newAddress("ip"))
				.param("consent", "true")).andExpect(redirectedUrl("/check-your-inbox"));
		}
		String fourth = newAddress("ip-over");

		mvc.perform(post("/subscribe").with(csrf()).with(fromIp(ip)).param("email", fourth).param("consent", "true"))
			.andExpect(status().isTooManyRequests());

		assertThat(isKnown(fourth)).isFalse();
		assertThat(outboxRowsTo(fourth)).isZero();
	}

	@Test
	void signUpsOverTheIpLimitThroughTheApiGet429ProblemDetail() throws Exception {
		String ip = "198.51.100.8";
		for (int i = 0; i < 3; i++) {
			mvc.perform(post("/api/subscriptions").with(fromIp(ip))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"email\":\"" + newAddress("api-ip") + "\",\"consent\":true}"))
				.andExpect(status().isAccepted());
		}
		String fourth = newAddress("api-ip-over");
		mvc.perform(post("/api/subscriptions").with(fromIp(ip))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + fourth + "\",\"consent\":true}"))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(429));
		assertThat(isKnown(fourth)).isFalse();
	}

	@Test
	void ipLimitDoesNotStopOtherIps() throws Exception {
		String ip = "198.51.100.9";
		for (int i = 0; i < 4; i++) {
			mvc.perform(post("/subscribe").with(csrf())
				.with(fromIp(ip))
				.param("email", newAddress("busy"))
				.param("consent", "true"));
		}
		String email = newAddress("neighbour");
		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
		assertThat(isKnown(email)).isTrue();
	}

}
