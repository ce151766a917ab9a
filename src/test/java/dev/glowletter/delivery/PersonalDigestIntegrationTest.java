package dev.glowletter.delivery;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.CampaignsApi;
import dev.glowletter.Readers;
import dev.glowletter.ScriptedSmtpTest;
import dev.glowletter.campaign.internal.CampaignPoller;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Personal digests (issue 16): each reader gets the newest articles of the last weeks
 * that the article ledger says they have not received, and a reader with nothing new is
 * skipped, with the reason.
 */
// a context of its own: every campaign sent here goes to every confirmed reader of it
@TestPropertySource(properties = "glowletter.test.context=personal-digest")
class PersonalDigestIntegrationTest extends ScriptedSmtpTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	SentArticles sentArticles;

	@Test
	void twoReadersWithDifferentHistoriesGetDifferentDigests() throws Exception {
		String longTime = "long-" + run + "@example.org";
		long veteran = Readers.confirmed(jdbc, longTime, "Long");
		// the other tests' articles are in the pool too: the veteran had them long ago
		jdbc.sql("INSERT INTO delivery_article (subscriber_id, article_id, campaign_id, sent_at) "
				+ "SELECT ?, id, 0, CURRENT_TIMESTAMP FROM article")
			.param(veteran)
			.update();
		long retinol = CampaignsApi.article(mvc, "Retinol " + run);
		long sunscreen = CampaignsApi.article(mvc, "Sunscreen " + run);
		CampaignsApi.sendNow(mvc, jdbc, context, CampaignsApi.campaign(mvc,
				Map.of("subject", "Earlier " + run, "articleIds", List.of(retinol, sunscreen))));
		String joined = "new-" + run + "@example.org";
		long newcomer = Readers.confirmed(jdbc, joined, "New");
		long peptides = CampaignsApi.article(mvc, "Peptides " + run);

		long edition = runPersonalDigest(5);

		assertThat(articlesOf(edition, veteran)).as("only what they have not received").containsExactly(peptides);
		assertThat(articlesOf(edition, newcomer)).as("the best of the last weeks, newest first")
			.containsSubsequence(peptides, sunscreen, retinol);
		String veteransMail = smtp().acceptedTo(longTime).get(smtp().acceptedTo(longTime).size() - 1).data();
		assertThat(veteransMail).contains("Peptides " + run).doesNotContain("Retinol " + run);
		// quoted-printable: its soft line breaks may cut the link
		Matcher view = Pattern.compile("/view/([A-Za-z0-9_-]{38})")
			.matcher(veteransMail.replace("=\r\n", "").replace("=\n", ""));
		assertThat(view.find()).as("a view-in-browser link").isTrue();
		assertThat(mvc.perform(get("/view/" + view.group(1)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).as("the web version of the veteran's own copy")
			.contains("Peptides " + run)
			.doesNotContain("Retinol " + run);
		assertThat(smtp().acceptedTo(joined).get(0).data()).contains("Peptides " + run, "Retinol " + run);
		assertThat(ledgerOf(veteran, edition)).containsExactly(peptides);
		assertThat(ledgerOf(newcomer, edition)).contains(peptides, sunscreen, retinol);
	}

	@Test
	void aReaderWithNothingNewIsSkippedWithTheReason() throws Exception {
		long reader = Readers.confirmed(jdbc, "seen-all-" + run + "@example.org", null);
		CampaignsApi.article(mvc, "Ceramides " + run);
		runPersonalDigest(20);

		long again = runPersonalDigest(20);

		assertThat(jdbc.sql("SELECT status, last_error FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
			.params(again, reader)
			.query()
			.singleRow()).containsEntry("status", "SKIPPED")
			.containsEntry("last_error", CampaignDeliveries.NOTHING_NEW);
		mvc.perform(get("/api/campaigns/" + again).with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.progress.skipped").value(greaterThanOrEqualTo(1)));
	}

	@Test
	void eachReaderGetsTheArticlesOfTheirTopicsAndThoseInNone() throws Exception {
		long hair = CampaignsApi.topic(mvc, "Hair " + run);
		long skin = CampaignsApi.topic(mvc, "Skin " + run);
		long hairReader = Readers.confirmed(jdbc, "hair-" + run + "@example.org", "Hair");
		chooses(hairReader, hair);
		long skinReader = Readers.confirmed(jdbc, "skin-" + run + "@example.org", "Skin");
		chooses(skinReader, skin);
		long everything = Readers.confirmed(jdbc, "all-" + run + "@example.org", "All");
		long microneedling = CampaignsApi.article(mvc, "Microneedling " + run, List.of(hair));
		long serums = CampaignsApi.article(mvc, "Serums " + run, List.of(skin));
		long news = CampaignsApi.article(mvc, "Blog news " + run);
		// the skin reader has had every article but the hair one
		jdbc.sql("INSERT INTO delivery_article (subscriber_id, article_id, campaign_id, sent_at) "
				+ "SELECT ?, id, 0, CURRENT_TIMESTAMP FROM article WHERE id <> ?")
			.params(skinReader, microneedling)
			.update();

		long edition = runPersonalDigest(20);

		assertThat(articlesOf(edition, hairReader)).as("their topic's and the one in no topic")
			.contains(microneedling, news)
			.doesNotContain(serums);
		assertThat(articlesOf(edition, everything)).as("no topic chosen: every topic")
			.contains(microneedling, serums, news);
		assertThat(jdbc.sql("SELECT last_error FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
			.params(edition, skinReader)
			.query(String.class)
			.single()).as("nothing new in their topic").isEqualTo(CampaignDeliveries.NOTHING_NEW);
		String page = mvc.perform(get("/admin/campaigns/" + edition).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page.substring(page.indexOf("class=\"skip-reasons\""))).as("the skip counted with its reason")
			.contains(CampaignDeliveries.NOTHING_NEW);
	}

	@Test
	void theEditorPreviewsTheLongestStandingAndTheNewestReaderSideBySide() throws Exception {
		long veteran = Readers.confirmed(jdbc, "veteran-" + run + "@example.org", "Veteran");
		jdbc.sql("UPDATE subscriber SET confirmed_at = ? WHERE id = ?")
			.params(OffsetDateTime.parse("2001-01-01T09:00:00Z"), veteran)
			.update();
		long seen = CampaignsApi.article(mvc, "Azelaic acid " + run);
		jdbc.sql("INSERT INTO delivery_article (subscriber_id, article_id, campaign_id, sent_at) VALUES (?, ?, 0, ?)")
			.params(veteran, seen, OffsetDateTime.parse("2001-01-01T09:00:00Z"))
			.update();
		String newcomer = "newest-" + run + "@example.org";
		Readers.confirmed(jdbc, newcomer, "Newest");
		long digestId = personalDigest(20);

		String page = mvc.perform(get("/admin/digests/" + digestId).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();

		String preview = page.substring(page.indexOf("id=\"personal-preview\""));
		String longStanding = preview.substring(preview.indexOf("The longest-standing reader"),
				preview.indexOf("The newest reader"));
		String newest = preview.substring(preview.indexOf("The newest reader"));
		assertThat(longStanding).contains("veteran-" + run).doesNotContain("Azelaic acid " + run);
		assertThat(newest).contains(newcomer, "Azelaic acid " + run);
		// each sample reader's e-mail, rendered beside the list
		Matcher frame = Pattern.compile("<iframe[^>]*src=\"(/admin/digests/\\d+/preview\\?[^\"]*)\"").matcher(newest);
		assertThat(frame.find()).as("the newest reader's e-mail").isTrue();
		String mailPath = frame.group(1).replace("&amp;", "&");
		assertThat(mailPath).contains("articles=").contains(Long.toString(seen));
		assertThat(mvc.perform(get(mailPath).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).contains("Azelaic acid " + run);
	}

	/** Makes a personal digest, runs it now and waits until its edition is sent. */
	private long runPersonalDigest(int maxArticles) throws Exception {
		long digestId = personalDigest(maxArticles);
		long edition = JSON
			.readTree(mvc.perform(post("/api/digests/" + digestId + "/run").with(admin()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.outcome").value("CREATED"))
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("campaignId")
			.asLong();
		CampaignPoller poller = new CampaignPoller(context);
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			poller.tick();
			return "SENT".equals(
					jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(edition).query(String.class).single());
		});
		return edition;
	}

	/** A personal digest, through the API; returns its id. */
	private long personalDigest(int maxArticles) throws Exception {
		String digest = JSON.writeValueAsString(Map.of("name", "Personal " + run + " " + UUID.randomUUID(), "cron",
				"0 9 * * MON", "timeZone", "Europe/Paris", "subjectPattern", "Just for you, {date}", "maxArticles",
				maxArticles, "personal", true));
		return JSON
			.readTree(mvc
				.perform(post("/api/digests").with(admin()).contentType(MediaType.APPLICATION_JSON).content(digest))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.personal").value(true))
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("id")
			.asLong();
	}

	private void chooses(long subscriberId, long topicId) {
		jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)")
			.params(subscriberId, topicId)
			.update();
	}

	/** The articles the fill chose for the reader's copy, in order. */
	private List<Long> articlesOf(long campaignId, long subscriberId) {
		return jdbc
			.sql("SELECT c.article_id FROM delivery_copy_article c JOIN delivery d ON d.id = c.delivery_id "
					+ "WHERE d.campaign_id = ? AND d.subscriber_id = ? ORDER BY c.position")
			.params(campaignId, subscriberId)
			.query(Long.class)
			.list();
	}

	private List<Long> ledgerOf(long subscriberId, long campaignId) {
		return sentArticles.sentTo(subscriberId)
			.stream()
			.filter(sent -> sent.campaignId() == campaignId)
			.map(SentArticles.SentArticle::articleId)
			.toList();
	}

}
