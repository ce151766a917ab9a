package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The preference page (issue 15): the link in every e-mail's footer, no login; the reader
 * changes their name and topics there, each change a line in their history; a tampered
 * link shows nothing.
 */
// the topics' tests' context: topics made here do not show on other tests' sign-up pages
@TestPropertySource(properties = "glowletter.subscription.purge-interval=1d")
class PreferencesIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void theWelcomeMailLinksToThePreferencePageWithTheUnsubscribeLinksToken() throws Exception {
		String unsubscribe = ReaderPathIntegrationTest.link(welcome("footer@example.com"), "/unsubscribe/");
		String preferences = ReaderPathIntegrationTest.link(welcome("footer@example.com"), "/preferences/");

		assertThat(preferences.substring("/preferences/".length()))
			.isEqualTo(unsubscribe.substring("/unsubscribe/".length()));
		mvc.perform(get(preferences))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("f***@example.com")))
			.andExpect(content().string(containsString("Save my preferences")));
	}

	@Test
	void thePageFitsAPhoneNeedsNoScriptAndLabelsEveryInput() throws Exception {
		CampaignsApi.topic(mvc, "Labelled " + UUID.randomUUID().toString().substring(0, 6));
		String html = mvc.perform(get(ReaderPathIntegrationTest.link(welcome("labels@example.com"), "/preferences/")))
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(html).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.contains("<html lang=\"en\">")
			.doesNotContain("<script");
		Matcher input = Pattern.compile("<input id=\"([^\"]+)\"").matcher(html);
		int inputs = 0;
		while (input.find()) {
			inputs++;
			assertThat(html).as("label for " + input.group(1))
				.containsPattern("<label[^>]*for=\"" + input.group(1) + "\"");
		}
		assertThat(inputs).as("the name, a topic, three frequencies and the new address").isGreaterThanOrEqualTo(6);
		assertThat(html).doesNotContainPattern("<input(?![^>]*type=\"hidden\")(?![^>]*id=)[^>]*>");
	}

	@Test
	void theReaderChangesNameAndTopicsAndTheirHistorySaysSo() throws Exception {
		long hair = CampaignsApi.topic(mvc, "Hair " + UUID.randomUUID().toString().substring(0, 6));
		long skin = CampaignsApi.topic(mvc, "Skin " + UUID.randomUUID().toString().substring(0, 6));
		String page = ReaderPathIntegrationTest.link(welcome("changer@example.com"), "/preferences/");

		mvc.perform(post(page).param("firstName", "Rosa").param("topics", Long.toString(hair), Long.toString(skin)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Saved.")))
			.andExpect(content().string(containsString("value=\"" + hair + "\" checked")));

		assertThat(jdbc.sql("SELECT first_name FROM subscriber WHERE email = 'changer@example.com'")
			.query(String.class)
			.single()).isEqualTo("Rosa");
		assertThat(topicsOf("changer@example.com")).containsExactlyInAnyOrder(hair, skin);
		assertThat(jdbc.sql("""
				SELECT e.detail FROM subscriber_event e JOIN subscriber s ON s.id = e.subscriber_id
				WHERE s.email = 'changer@example.com' AND e.type = 'PREFERENCES_CHANGED'""").query(String.class).list())
			.singleElement()
			.satisfies(detail -> assertThat(detail).contains("first name changed").contains("topics: Hair "));

		// none ticked: everything again
		mvc.perform(post(page).param("firstName", "Rosa")).andExpect(status().isOk());
		assertThat(topicsOf("changer@example.com")).isEmpty();
	}

	@Test
	void anUnknownTopicOrABadNameIsShownOnThePageAndNothingChanges() throws Exception {
		String page = ReaderPathIntegrationTest.link(welcome("careless@example.com"), "/preferences/");

		mvc.perform(post(page).param("firstName", "<script>alert(1)</script>").param("topics", "9876543"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("These topics do not exist: [9876543].")))
			.andExpect(content().string(containsString("angle brackets")))
			.andExpect(content().string(not(containsString("<script>alert(1)</script>"))));
		assertThat(hasNoFirstName("careless@example.com")).isTrue();
		assertThat(topicsOf("careless@example.com")).isEmpty();
	}

	@Test
	void aTamperedLinkShowsTheUnknownLinkPageAndChangesNothing() throws Exception {
		String page = ReaderPathIntegrationTest.link(welcome("tampered@example.com"), "/preferences/");
		String forged = page.substring(0, page.length() - 2) + (page.endsWith("AA") ? "BB" : "AA");

		mvc.perform(get(forged)).andExpect(status().isNotFound());
		mvc.perform(post(forged).param("firstName", "Mallory")).andExpect(status().isNotFound());
		mvc.perform(get("/preferences/not-a-token")).andExpect(status().isNotFound());
		assertThat(hasNoFirstName("tampered@example.com")).isTrue();
	}

	@Test
	void theDataExportNamesTheTopicsChosen() throws Exception {
		String name = "Exported " + UUID.randomUUID().toString().substring(0, 6);
		long topic = CampaignsApi.topic(mvc, name);
		String page = ReaderPathIntegrationTest.link(welcome("exporter@example.com"), "/preferences/");
		mvc.perform(post(page).param("topics", Long.toString(topic))).andExpect(status().isOk());

		mvc.perform(post(page.replace("/preferences/", "/unsubscribe/") + "/export")).andExpect(status().isOk());
		MimeMessage export = awaitMails("exporter@example.com", 3).get(2);
		Multipart mixed = (Multipart) export.getContent();
		String json = null;
		for (int i = 0; i < mixed.getCount(); i++) {
			if (Part.ATTACHMENT.equalsIgnoreCase(mixed.getBodyPart(i).getDisposition())) {
				json = new String(mixed.getBodyPart(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		assertThat(JSON.readTree(json).at("/profile/topics/0").asString()).isEqualTo(name);
		assertThat(JSON.readTree(json).at("/events").toString()).contains("PREFERENCES_CHANGED");
	}

	@Test
	void theReaderChoosesHowOftenAndTheirHistoryAndDataExportSaySo() throws Exception {
		String page = ReaderPathIntegrationTest.link(welcome("often@example.com"), "/preferences/");
		mvc.perform(get(page))
			.andExpect(content().string(containsString("value=\"EVERY\" checked")))
			.andExpect(content().string(containsString("<label class=\"check\" for=\"frequency-monthly\">")));

		mvc.perform(post(page).param("frequency", "MONTHLY"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"MONTHLY\" checked")));
		mvc.perform(post(page).param("frequency", "HOURLY"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Please choose how often")))
			.andExpect(content().string(containsString("value=\"MONTHLY\" checked")));

		assertThat(jdbc.sql("SELECT frequency FROM subscriber WHERE email = 'often@example.com'")
			.query(String.class)
			.single()).isEqualTo("MONTHLY");
		assertThat(jdbc.sql("""
				SELECT e.detail FROM subscriber_event e JOIN subscriber s ON s.id = e.subscriber_id
				WHERE s.email = 'often@example.com' AND e.type = 'PREFERENCES_CHANGED'""").query(String.class).list())
			.containsExactly("how often: the monthly digest only");
		mvc.perform(post(page.replace("/preferences/", "/unsubscribe/") + "/export")).andExpect(status().isOk());
		MimeMessage export = awaitMails("often@example.com", 3).get(2);
		Multipart mixed = (Multipart) export.getContent();
		String json = null;
		for (int i = 0; i < mixed.getCount(); i++) {
			if (Part.ATTACHMENT.equalsIgnoreCase(mixed.getBodyPart(i).getDisposition())) {
				json = new String(mixed.getBodyPart(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		assertThat(JSON.readTree(json).at("/profile/frequency").asString()).isEqualTo("MONTHLY");
	}

	@Test
	void aReaderWhoPausesGetsNoCampaignUntilTheyResume() throws Exception {
		String page = ReaderPathIntegrationTest.link(welcome("pauser@example.com"), "/preferences/");
		welcome("stays@example.com");

		mvc.perform(post(page + "/pause").param("days", "30"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("The newsletter is paused until")))
			// a date as English readers write it, not 2026-12-29
			.andExpect(content().string(matchesPattern(
					"(?s).*paused until <strong>(January|February|March|April|May|June|July|August|September|October"
							+ "|November|December) \\d{1,2}, \\d{4}</strong>.*")));
		long paused = sendCampaign("While paused");
		assertThat(awaitMails("stays@example.com", 3)).hasSize(3);
		assertThat(mailsTo("pauser@example.com")).hasSize(2);
		assertThat(jdbc.sql("""
				SELECT COUNT(*) FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id
				WHERE d.campaign_id = ? AND s.email = 'pauser@example.com'""")
			.param(paused)
			.query(Integer.class)
			.single()).isZero();

		mvc.perform(post(page + "/pause").param("days", "7")).andExpect(status().isBadRequest());
		mvc.perform(post(page + "/pause").param("days", "0"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Pause for 30 days")));
		sendCampaign("After the pause");
		assertThat(awaitMails("pauser@example.com", 3)).hasSize(3);
		assertThat(jdbc.sql("""
				SELECT e.type FROM subscriber_event e JOIN subscriber s ON s.id = e.subscriber_id
				WHERE s.email = 'pauser@example.com' AND e.type IN ('PAUSED', 'RESUMED') ORDER BY e.id""")
			.query(String.class)
			.list()).containsExactly("PAUSED", "RESUMED");
	}

	// --- helpers ---

	private long sendCampaign(String subject) throws Exception {
		long id = CampaignsApi.campaign(mvc, Map.of("subject", subject, "intro", "Hello from " + subject));
		CampaignsApi.sendNow(mvc, jdbc, context, id);
		return id;
	}

	/** Signs the address up and confirms it; returns the welcome mail. */
	private MimeMessage welcome(String email) throws Exception {
		if (mailsTo(email).size() < 2) {
			mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
				.content("{\"email\": \"" + email + "\", \"consent\": true}")).andExpect(status().isAccepted());
			mvc.perform(post(ReaderPathIntegrationTest.link(awaitMails(email, 1).get(0), "/confirm/")))
				.andExpect(status().isOk());
		}
		return awaitMails(email, 2).get(1);
	}

	private boolean hasNoFirstName(String email) {
		return jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = ? AND first_name IS NULL")
			.param(email)
			.query(Integer.class)
			.single() == 1;
	}

	private List<Long> topicsOf(String email) {
		return jdbc.sql("""
				SELECT st.topic_id FROM subscriber_topic st JOIN subscriber s ON s.id = st.subscriber_id
				WHERE s.email = ? ORDER BY st.topic_id""").param(email).query(Long.class).list();
	}

}
