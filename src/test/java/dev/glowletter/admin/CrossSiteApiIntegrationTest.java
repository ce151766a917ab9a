package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.glowletter.IntegrationTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A foreign page in a browser that holds the admin's credentials cannot make the admin
 * API change anything, and no answer makes a browser ask for (and then keep) those
 * credentials.
 */
class CrossSiteApiIntegrationTest extends IntegrationTest {

	private static final String FOREIGN = "https://evil.example";

	@Autowired
	JdbcClient jdbc;

	private long digest;

	@BeforeEach
	void aDigestWithSomethingNew() {
		jdbc.sql("DELETE FROM digest").update();
		jdbc.sql("""
				INSERT INTO digest (name, cron, time_zone, template, subject_pattern, max_articles,
				enabled, covered_until, created_at)
				VALUES ('Weekly', '0 9 * * MON', 'UTC', 'digest', 'News', 5, TRUE,
				        TIMESTAMP '2000-01-01 00:00:00+00', CURRENT_TIMESTAMP)""").update();
		digest = jdbc.sql("SELECT MAX(id) FROM digest").query(Long.class).single();
	}

	/**
	 * The wrong passwords below are counted in the database the other tests' contexts
	 * share: none is left for them.
	 */
	@AfterEach
	void forgetTheFailedLogins() {
		jdbc.sql("DELETE FROM login_throttle").update();
	}

	private static MockHttpServletRequestBuilder withCachedCredentials(MockHttpServletRequestBuilder request) {
		return request.with(httpBasic("admin", ADMIN_PASSWORD));
	}

	private int campaigns() {
		return jdbc.sql("SELECT COUNT(*) FROM campaign").query(Integer.class).single();
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x" })
	void aForeignPagesSimpleRequestDoesNotRunADigest(String contentType) throws Exception {
		int before = campaigns();
		mvc.perform(withCachedCredentials(post("/api/digests/" + digest + "/run")).header("Origin", FOREIGN)
			.header("Sec-Fetch-Site", "cross-site")
			.contentType(contentType)
			.content("x"))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(Matchers.containsString("X-Requested-With")));
		assertThat(campaigns()).isEqualTo(before);
	}

	@Test
	void aBodilessPostWithoutOriginOrCustomHeaderIsRefusedToo() throws Exception {
		int before = campaigns();
		mvc.perform(withCachedCredentials(post("/api/campaigns/1/cancel"))).andExpect(status().isForbidden());
		mvc.perform(withCachedCredentials(post("/api/digests/" + digest + "/run"))).andExpect(status().isForbidden());
		assertThat(campaigns()).isEqualTo(before);
	}

	@Test
	void aForeignPagesMultipartImportAddsNoReader() throws Exception {
		MockMultipartFile csv = new MockMultipartFile("file", "readers.csv", "text/csv",
				"email\nvictim@example.org\n".getBytes());
		mvc.perform(multipart("/api/subscribers/import").file(csv)
			.param("confirmed", "true")
			.param("consentConfirmed", "true")
			.with(httpBasic("admin", ADMIN_PASSWORD))
			.header("Origin", FOREIGN)).andExpect(status().isForbidden());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = 'victim@example.org'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aJsonBodyEvenFromAForeignOriginIsRefused() throws Exception {
		// a browser would have asked first (a preflight) and been told no; only a forger
		// sends this, and it is refused all the same
		mvc.perform(withCachedCredentials(post("/api/digests/" + digest + "/run")).header("Origin", FOREIGN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")).andExpect(status().isForbidden());
	}

	@Test
	void aScriptWithTheHeaderOrAJsonBodyOrOurOwnPageMayRunIt() throws Exception {
		mvc.perform(withCachedCredentials(post("/api/digests/" + digest + "/run")).header("X-Requested-With", "curl"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").exists());
		mvc.perform(
				withCachedCredentials(post("/api/digests/" + digest + "/run")).contentType(MediaType.APPLICATION_JSON))
			.andExpect(status().isOk());
		mvc.perform(withCachedCredentials(post("/api/digests/" + digest + "/run")).header("Origin",
				"http://localhost:8080"))
			.andExpect(status().isOk());
		mvc.perform(
				withCachedCredentials(post("/api/digests/" + digest + "/run")).header("Sec-Fetch-Site", "same-origin"))
			.andExpect(status().isOk());
	}

	@Test
	void aPreflightFromAForeignPageIsNotAllowed() throws Exception {
		mvc.perform(options("/api/digests/" + digest + "/run").header("Origin", FOREIGN)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type"))
			.andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
	}

	@Test
	void noAnswerAsksTheBrowserForAPassword() throws Exception {
		for (String path : new String[] { "/api/campaigns", "/actuator/prometheus", "/v3/api-docs",
				"/v3/api-docs.yaml" }) {
			mvc.perform(get(path))
				.andExpect(status().isUnauthorized())
				.andExpect(header().doesNotExist("WWW-Authenticate"))
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
			mvc.perform(get(path).with(httpBasic("admin", "wrong")))
				.andExpect(status().isUnauthorized())
				.andExpect(header().doesNotExist("WWW-Authenticate"));
		}
		mvc.perform(post("/api/campaigns").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().doesNotExist("WWW-Authenticate"));
	}

	@Test
	void theApiDescriptionInEveryFormatNeedsTheAdmin() throws Exception {
		mvc.perform(get("/v3/api-docs.yaml")).andExpect(status().isUnauthorized());
		mvc.perform(get("/v3/api-docs.yaml").with(httpBasic("admin", ADMIN_PASSWORD))).andExpect(status().isOk());
		mvc.perform(get("/swagger-ui.html").accept(MediaType.TEXT_HTML)).andExpect(status().isFound());
	}

}
