package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * HTTP Basic on the API is off unless configured: the right password by Basic is a 401
 * that says to use a token, wrong guesses are not even counted as logins, and tokens work
 * (on the actuator too, for monitoring). In a context of its own, with the default.
 */
@TestPropertySource(properties = { "glowletter.test.context=basic-off", "glowletter.api.basic-auth=false" })
class BasicAuthOffIntegrationTest extends IntegrationTest {

	@Autowired
	ApiProperties api;

	@Autowired
	Accounts accounts;

	@Autowired
	JdbcClient jdbc;

	@Test
	void basicIsOffUnlessConfigured() {
		ApiProperties defaults = Binder.get(new StandardEnvironment())
			.bindOrCreate("glowletter.api", ApiProperties.class);
		assertThat(defaults.basicAuth()).isFalse();
		assertThat(api.basicAuth()).isFalse();
	}

	@Test
	void theRightPasswordByBasicIsRefusedWithoutAChallenge() throws Exception {
		mvc.perform(get("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD)).header("X-Requested-With", "test"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
			.andExpect(jsonPath("$.title").value("Use an API token"))
			.andExpect(jsonPath("$.detail", containsString("Authorization: Bearer")));
		mvc.perform(post("/api/articles").with(httpBasic("admin", ADMIN_PASSWORD))
			.header("X-Requested-With", "test")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"Not by Basic\", \"body\": \"x\"}")).andExpect(status().isUnauthorized());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM article WHERE title = 'Not by Basic'").query(Long.class).single())
			.isZero();
	}

	@Test
	void guessesByBasicAreNotLoginAttempts() throws Exception {
		long before = jdbc.sql("SELECT COUNT(*) FROM login_throttle").query(Long.class).single();
		for (int i = 0; i < 3; i++) {
			mvc.perform(get("/api/articles").with(httpBasic("admin", "guess-" + i)).header("X-Requested-With", "test"))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.title").value("Use an API token"));
		}
		assertThat(jdbc.sql("SELECT COUNT(*) FROM login_throttle").query(Long.class).single()).isEqualTo(before);
	}

	@Test
	void tokensWorkAndTheSignUpStaysOpen() throws Exception {
		String token = accounts.createToken("admin", "script", "READ", null).secret();
		mvc.perform(get("/api/articles").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header("X-Requested-With", "test")).andExpect(status().isOk());
		mvc.perform(get("/api/articles").header("X-Requested-With", "test"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE));
		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\": \"basic-off@example.org\", \"consent\": true}"))
			.andExpect(status().is2xxSuccessful());
	}

	@Test
	void monitoringReadsTheActuatorWithAnOwnersToken() throws Exception {
		String owners = accounts.createToken("admin", "prometheus", "WRITE", null).secret();
		String readOnly = accounts.createToken("admin", "dashboard", "READ", null).secret();
		mvc.perform(get("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer " + owners))
			.andExpect(status().isOk());
		mvc.perform(get("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer " + readOnly))
			.andExpect(status().isForbidden());
		mvc.perform(get("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer " + owners + "x"))
			.andExpect(status().isUnauthorized());
		// a token is for the API and the actuator, not for the pages
		mvc.perform(get("/admin/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + owners)
			.accept(MediaType.TEXT_HTML)).andExpect(status().isFound());
	}

}
