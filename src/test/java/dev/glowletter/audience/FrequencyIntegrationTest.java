package dev.glowletter.audience;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.campaign.internal.CampaignPoller;
import dev.glowletter.rendering.SignedLinks;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How often a reader wants mail decides what is queued for them (issue 15): a one-off
 * campaign goes only to readers who want every issue; a digest also to the readers who
 * want only the digests of its cadence (weekly, monthly), which follows its cron unless
 * the admin chose one.
 */
// a context of its own: every campaign sent here goes to every confirmed reader of it
@TestPropertySource(properties = "glowletter.test.context=frequency")
class FrequencyIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	SignedLinks links;

	private String run;

	private long every;

	private long weekly;

	private long monthly;

	/** Three readers: one of each frequency, the weekly one chosen on their page. */
	@BeforeEach
	void readers() throws Exception {
		run = UUID.randomUUID().toString().substring(0, 8);
		every = Readers.confirmed(jdbc, "every-" + run + "@example.org", null);
		weekly = Readers.confirmed(jdbc, "weekly-" + run + "@example.org", null);
		monthly = Readers.confirmed(jdbc, "monthly-" + run + "@example.org", null);
		mvc.perform(post("/preferences/" + links.token("unsubscribe", weekly, 1)).param("frequency", "WEEKLY"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"WEEKLY\" checked")));
		mvc.perform(put("/api/subscribers/" + monthly + "/preferences").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"frequency\": \"MONTHLY\"}")).andExpect(status().isOk());
	}

	@Test
	void aOneOffCampaignGoesOnlyToReadersWhoWantEveryIssue() throws Exception {
		long id = CampaignsApi.campaign(mvc, Map.of("subject", "One-off " + run, "intro", "Hello."));
		CampaignsApi.sendNow(mvc, jdbc, context, id);

		assertThat(queuedFor(id)).contains(every).doesNotContain(weekly, monthly);
	}

	@Test
	void aWeeklyDigestAlsoReachesTheWeeklyReadersButNotTheMonthlyOnes() throws Exception {
		JsonNode digest = digest("0 9 * * MON", null);
		assertThat(digest.get("cadence").asString()).isEqualTo("WEEKLY");
		assertThat(digest.get("cadenceFromSchedule").asBoolean()).isTrue();

		long edition = sendEdition(digest.get("id").asLong());

		assertThat(queuedFor(edition)).contains(every, weekly).doesNotContain(monthly);
	}

	@Test
	void aMonthlyDigestAlsoReachesTheMonthlyReadersButNotTheWeeklyOnes() throws Exception {
		long edition = sendEdition(digest("30 8 1 * *", null).get("id").asLong());

		assertThat(queuedFor(edition)).contains(every, monthly).doesNotContain(weekly);
	}

	@Test
	void aCadenceTheAdminChoseWinsOverTheSchedule() throws Exception {
		JsonNode daily = digest("0 7 * * *", "MONTHLY");
		assertThat(daily.get("cadence").asString()).isEqualTo("MONTHLY");
		assertThat(daily.get("cadenceFromSchedule").asBoolean()).isFalse();
		long edition = sendEdition(daily.get("id").asLong());
		assertThat(queuedFor(edition)).contains(every, monthly).doesNotContain(weekly);

		JsonNode none = digest("0 9 * * MON", "NONE");
		assertThat(none.get("cadence").asString()).isEqualTo("NONE");
		assertThat(queuedFor(sendEdition(none.get("id").asLong()))).contains(every).doesNotContain(weekly, monthly);
	}

	@Test
	void aDailyDigestGoesOnlyToReadersWhoWantEveryIssue() throws Exception {
		JsonNode daily = digest("0 6 * * *", null);
		assertThat(daily.get("cadence").asString()).isEqualTo("NONE");

		assertThat(queuedFor(sendEdition(daily.get("id").asLong()))).contains(every).doesNotContain(weekly, monthly);
	}

	@Test
	void anUnknownCadenceIsRefusedNamingTheFieldAndNothingIsStored() throws Exception {
		int before = jdbc.sql("SELECT COUNT(*) FROM digest").query(Integer.class).single();

		mvc.perform(post("/api/digests").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(digestJson("0 9 * * MON", "DAILY")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.cadence").value(containsString("WEEKLY, MONTHLY or NONE")));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM digest").query(Integer.class).single()).isEqualTo(before);
	}

	@Test
	void theDigestEditorSavesTheCadenceAndShowsIt() throws Exception {
		String name = "Editor " + run;
		mvc.perform(post("/admin/digests").with(user("admin").roles("OWNER"))
			.with(csrf())
			.param("name", name)
			.param("cron", "0 9 * * *")
			.param("timeZone", "UTC")
			.param("subjectPattern", "Digest {date}")
			.param("maxArticles", "5")
			.param("template", "digest")
			.param("cadence", "WEEKLY")).andExpect(status().is3xxRedirection());
		long id = jdbc.sql("SELECT id FROM digest WHERE name = ?").param(name).query(Long.class).single();
		assertThat(jdbc.sql("SELECT cadence FROM digest WHERE id = ?").param(id).query(String.class).single())
			.isEqualTo("WEEKLY");

		mvc.perform(get("/admin/digests/" + id).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<label for=\"cadence\">")))
			.andExpect(content().string(containsString("<option value=\"WEEKLY\" selected>")));

		mvc.perform(post("/admin/digests/" + id).with(user("admin").roles("OWNER"))
			.with(csrf())
			.param("name", name)
			.param("cron", "0 9 1 * *")
			.param("timeZone", "UTC")
			.param("subjectPattern", "Digest {date}")
			.param("maxArticles", "5")
			.param("template", "digest")
			.param("cadence", "")).andExpect(status().is3xxRedirection());
		assertThat(jdbc.sql("SELECT cadence FROM digest WHERE id = ?").param(id).query(String.class).single())
			.as("following the schedule again: a month apart")
			.isEqualTo("MONTHLY");
		mvc.perform(get("/admin/digests/" + id).with(user("admin").roles("OWNER")))
			.andExpect(
					content().string(containsString("<option value=\"\" selected>Follow the schedule (now: monthly)")));
	}

	// --- helpers ---

	private String digestJson(String cron, String cadence) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("name", "Digest " + run);
		fields.put("cron", cron);
		fields.put("timeZone", "UTC");
		fields.put("subjectPattern", "Digest {date}");
		fields.put("since", clock.instant().minus(Duration.ofDays(2)).toString());
		if (cadence != null) {
			fields.put("cadence", cadence);
		}
		return JSON.writeValueAsString(fields);
	}

	private JsonNode digest(String cron, String cadence) throws Exception {
		return JSON.readTree(mvc
			.perform(post("/api/digests").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(digestJson(cron, cadence)))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	/** Runs the digest now (with a new article) and sends its edition; returns its id. */
	private long sendEdition(long digestId) throws Exception {
		CampaignsApi.article(mvc, "Fresh " + run + " " + UUID.randomUUID());
		JsonNode run = JSON.readTree(mvc.perform(post("/api/digests/" + digestId + "/run").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcome").value("CREATED"))
			.andReturn()
			.getResponse()
			.getContentAsString());
		long edition = run.get("campaignId").asLong();
		CampaignPoller poller = new CampaignPoller(context);
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			poller.tick();
			return "SENT".equals(
					jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(edition).query(String.class).single());
		});
		return edition;
	}

	private List<Long> queuedFor(long campaignId) {
		return jdbc.sql("SELECT subscriber_id FROM delivery WHERE campaign_id = ?")
			.param(campaignId)
			.query(Long.class)
			.list();
	}

}
