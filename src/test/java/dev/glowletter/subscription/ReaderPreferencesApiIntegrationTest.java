package dev.glowletter.subscription;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API for a reader's preferences (issue 15): what their preference page sets,
 * read and replaced as a whole, each change a line in their history saying an admin made
 * it; a wrong field is a 400 naming it, and then nothing is stored.
 */
// the preference tests' context: topics made here do not show on other tests' sign-up
// pages
@TestPropertySource(properties = "glowletter.subscription.purge-interval=1d")
class ReaderPreferencesApiIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Test
	void anAdminReplacesTheReadersChoicesAndTheHistorySaysAnAdminDidIt() throws Exception {
		long reader = reader("chosen");
		long topic = topic("Hair");
		Instant until = clock.instant().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);

		putPreferences(reader,
				Map.of("topicIds", List.of(topic), "firstName", "Rosa", "frequency", "WEEKLY", "pausedUntil",
						until.toString()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.frequency").value("WEEKLY"));

		mvc.perform(get("/api/subscribers/" + reader + "/preferences").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.topicIds[0]").value(topic))
			.andExpect(jsonPath("$.firstName").value("Rosa"))
			.andExpect(jsonPath("$.frequency").value("WEEKLY"))
			.andExpect(jsonPath("$.pausedUntil").value(until.toString()));
		assertThat(jdbc.sql("SELECT frequency FROM subscriber WHERE id = ?").param(reader).query(String.class).single())
			.isEqualTo("WEEKLY");
		assertThat(history(reader))
			.anySatisfy(line -> assertThat(line).startsWith("PREFERENCES_CHANGED")
				.contains("how often: the weekly digest only")
				.endsWith("(by an admin)"))
			.anySatisfy(line -> assertThat(line).startsWith("PAUSED until").endsWith("(by an admin)"));
		mvc.perform(get("/admin/subscribers/" + reader).with(user("admin").roles("OWNER")))
			.andExpect(content().string(containsString("<dd id=\"reader-frequency\">The weekly digest only</dd>")));

		// a PUT replaces everything: left out is the default
		putPreferences(reader, Map.of()).andExpect(status().isOk())
			.andExpect(jsonPath("$.topicIds").isEmpty())
			.andExpect(jsonPath("$.frequency").value("EVERY"))
			.andExpect(jsonPath("$.pausedUntil").doesNotExist());
		assertThat(history(reader)).anySatisfy(line -> assertThat(line).startsWith("RESUMED"));
	}

	@Test
	void wrongFieldsAreNamedInA400AndNothingIsStored() throws Exception {
		long reader = reader("careless");

		putPreferences(reader,
				Map.of("topicIds", List.of(987654321L), "firstName", "<b>Mallory</b>", "pausedUntil",
						clock.instant().minus(Duration.ofDays(1)).toString(), "frequency", "WEEKLY"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.topicIds").value(containsString("987654321")))
			.andExpect(jsonPath("$.errors.firstName").value(containsString("angle brackets")))
			.andExpect(jsonPath("$.errors.pausedUntil").value(containsString("366 days")));
		putPreferences(reader, Map.of("frequency", "DAILY")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.frequency").value("is EVERY, WEEKLY or MONTHLY"));
		putPreferences(reader, Map.of("pausedUntil", clock.instant().plus(Duration.ofDays(400)).toString()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.pausedUntil").exists());

		assertThat(jdbc
			.sql("SELECT frequency || '/' || COALESCE(first_name, '-') || '/' || "
					+ "CASE WHEN paused_until IS NULL THEN 'running' ELSE 'paused' END FROM subscriber WHERE id = ?")
			.param(reader)
			.query(String.class)
			.single()).isEqualTo("EVERY/-/running");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber_topic WHERE subscriber_id = ?")
			.param(reader)
			.query(Integer.class)
			.single()).isZero();
		assertThat(history(reader)).isEmpty();
	}

	@Test
	void anUnknownReaderIsA404AndTheApiNeedsTheAdmin() throws Exception {
		mvc.perform(get("/api/subscribers/987654321/preferences").with(admin())).andExpect(status().isNotFound());
		putPreferences(987654321L, Map.of("frequency", "WEEKLY")).andExpect(status().isNotFound());
		mvc.perform(get("/api/subscribers/" + reader("private") + "/preferences")).andExpect(status().isUnauthorized());
	}

	@Test
	void theOpenApiDocumentDescribesTheEndpoint() throws Exception {
		mvc.perform(get("/v3/api-docs").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/subscribers/{id}/preferences'].get").exists())
			.andExpect(jsonPath("$.paths['/api/subscribers/{id}/preferences'].put").exists())
			.andExpect(jsonPath("$.components.schemas.ReaderPreferences.properties.frequency.enum")
				.value(contains("EVERY", "WEEKLY", "MONTHLY")));
	}

	@Test
	void theSignUpsDocumentedAnswerIsThe202ItGives() throws Exception {
		mvc.perform(get("/v3/api-docs").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/subscriptions'].post.responses['202'].content['application/json']")
				.exists())
			.andExpect(jsonPath("$.components.schemas.Accepted.properties.status").exists())
			.andExpect(jsonPath("$.components.schemas.Accepted.properties.message").exists());
	}

	// --- helpers ---

	private long reader(String name) {
		return Readers.confirmed(jdbc, name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org",
				null);
	}

	private long topic(String name) throws Exception {
		return JSON.readTree(mvc
			.perform(post("/api/topics").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON
					.writeValueAsString(Map.of("name", name + " " + UUID.randomUUID().toString().substring(0, 6)))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();
	}

	private ResultActions putPreferences(long reader, Map<String, Object> body) throws Exception {
		return mvc.perform(put("/api/subscribers/" + reader + "/preferences").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(body)));
	}

	private List<String> history(long reader) {
		return jdbc
			.sql("SELECT type || ' ' || COALESCE(detail, '') FROM subscriber_event WHERE subscriber_id = ? "
					+ "ORDER BY occurred_at, id")
			.param(reader)
			.query(String.class)
			.list();
	}

}
