package dev.glowletter.engagement.internal;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.CampaignsApi;
import dev.glowletter.Readers;
import dev.glowletter.ScriptedSmtpTest;
import dev.glowletter.delivery.internal.ErasedReaders;
import dev.glowletter.engagement.Clicks;
import dev.glowletter.rendering.Newsletters;
import dev.glowletter.rendering.Recipient;
import dev.glowletter.rendering.SignedLinks;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Click tracking (issue 17): a campaign copy's links to its articles go through
 * {@code /r/<token>}; a valid token redirects to the article and records the click (a
 * machine's apart), anything else is a 404 that records nothing; a reader can opt out;
 * clicks go with the reader's erasure and after the retention.
 */
// a context of its own: every campaign sent here goes to every confirmed reader of it;
// opens counted
@TestPropertySource(properties = { "glowletter.test.context=clicks", "glowletter.delivery.count-opens=true" })
class ClickTrackingIntegrationTest extends ScriptedSmtpTest {

	/** A tracked link: its copy, reader, campaign and article, signed. */
	private static final Pattern TRACKED = Pattern.compile("/r/([A-Za-z0-9_-]{59})");

	private static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.0 Safari/605.1.15";

	@Autowired
	ClickRecorder recorder;

	@Autowired
	Clicks clicks;

	@Autowired
	SignedLinks links;

	@Autowired
	Newsletters newsletters;

	@Autowired
	ErasedReaders erased;

	@Test
	void aCopysArticleLinksGoThroughTheTrackerWhichRedirectsAndRecordsTheClick() throws Exception {
		String address = "reader-" + run + "@example.org";
		Readers.confirmed(jdbc, address, "Ada");
		long article = CampaignsApi.article(mvc, "Retinol at night " + run);
		String target = jdbc.sql("SELECT url FROM article WHERE id = ?").param(article).query(String.class).single();
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Clicks " + run, "articleIds", List.of(article)));
		CampaignsApi.sendNow(mvc, jdbc, context, campaign);

		String mail = decoded(smtp().acceptedTo(address).get(0).data());
		List<String> tokens = tokens(mail);
		assertThat(tokens).as("one tracked link, in the HTML and the text part").hasSize(1);
		assertThat(mail).as("the article's own address is not linked").doesNotContain("href=\"" + target);
		assertThat(mail).as("the unsubscribe and preference links are not rewritten")
			.contains("/unsubscribe/")
			.contains("/preferences/");

		mvc.perform(get("/r/" + tokens.get(0)).header("User-Agent", BROWSER))
			.andExpect(status().isFound())
			.andExpect(header().string("Location", target))
			.andExpect(header().string("Cache-Control", "no-store"));
		recorder.flush();

		Clicks.CampaignClicks report = clicks.ofCampaign(campaign, clock.instant().minusSeconds(5400));
		assertThat(report.readers()).isEqualTo(1);
		assertThat(report.clicks()).isEqualTo(1);
		assertThat(report.delivered()).isGreaterThanOrEqualTo(1);
		assertThat(report.articles()).singleElement().satisfies(line -> {
			assertThat(line.articleId()).isEqualTo(article);
			assertThat(line.readers()).isEqualTo(1);
		});
		assertThat(report.perHour()[1]).as("clicked within the chart's second hour").isEqualTo(1);
		mvc.perform(get("/api/campaigns/" + campaign + "/clicks").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.readers").value(1))
			.andExpect(jsonPath("$.articles[0].articleId").value(article));
		String page = mvc.perform(get("/admin/campaigns/" + campaign).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("data-field=\"click-readers\">1<", "Retinol at night " + run);
		String csv = mvc.perform(get("/admin/campaigns/" + campaign + "/clicks.csv").with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(csv.lines()).hasSize(2);
		assertThat(csv).contains("\"Retinol at night " + run + "\"");
	}

	@Test
	void aTokenAlteredInAnyPositionTruncatedPaddedOrOfAnotherKindIsA404AndRecordsNothing() throws Exception {
		String address = "forger-" + run + "@example.org";
		long reader = Readers.confirmed(jdbc, address, null);
		long article = CampaignsApi.article(mvc, "Peptides " + run);
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Forged " + run, "articleIds", List.of(article)));
		CampaignsApi.sendNow(mvc, jdbc, context, campaign);
		String token = tokens(decoded(smtp().acceptedTo(address).get(0).data())).get(0);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

		List<String> forged = new ArrayList<>();
		for (int i = 0; i < token.length(); i++) {
			char other = alphabet.charAt((alphabet.indexOf(token.charAt(i)) + 1) % alphabet.length());
			forged.add(token.substring(0, i) + other + token.substring(i + 1));
		}
		long copy = jdbc.sql("SELECT id FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
			.params(campaign, reader)
			.query(Long.class)
			.single();
		long elsewhere = CampaignsApi.article(mvc, "Not in this campaign " + run);
		Recipient copyOf = new Recipient(reader, address, null, 1, Map.of(), copy, campaign);
		forged.addAll(List.of(token.substring(0, token.length() - 1), token + "A", "A" + token, token.toUpperCase(), "",
				links.token("unsubscribe", reader, 0), links.token("view-in-browser", campaign, 0), "x".repeat(5000),
				// signed, but for an article the copy did not link to; for another
				// campaign, one that does not exist; and in the links of mails sent
				// before links named their campaign, for an article not linked and a
				// copy that does not exist
				path(newsletters.clickUrl(copyOf, elsewhere)),
				path(newsletters.clickUrl(new Recipient(reader, address, null, 1, Map.of(), copy, campaign + 1),
						article)),
				path(newsletters.clickUrl(new Recipient(reader, address, null, 1, Map.of(), copy, 999_999_999),
						article)),
				links.token("click", copy, (int) elsewhere), links.token("click", copy + 1_000_000, (int) article)));
		for (String bad : forged) {
			mvc.perform(get("/r/" + bad).header("User-Agent", BROWSER))
				.andExpect(result -> assertThat(result.getResponse().getStatus()).as(bad).isIn(404, 400))
				.andExpect(result -> assertThat(result.getResponse().getHeader("Location")).as(bad).isNull());
		}
		assertThat(path(newsletters.clickUrl(copyOf, article))).as("the link we sign is the one the mail carries")
			.isEqualTo(token);
		// a link we signed for a copy that is not there (never sent): it leads to the
		// campaign's article, as its token says, and no click is recorded
		mvc.perform(get("/r/" + path(newsletters
			.clickUrl(new Recipient(reader, address, null, 1, Map.of(), copy + 1_000_000, campaign), article)))
			.header("User-Agent", BROWSER)).andExpect(status().isFound());
		mvc.perform(get("/r/" + token + "?" + "q=".repeat(3000)).header("User-Agent", BROWSER))
			.andExpect(status().isFound());
		mvc.perform(post("/r/" + token)).andExpect(status().isMethodNotAllowed());
		recorder.flush();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM click WHERE campaign_id = ?")
			.param(campaign)
			.query(Integer.class)
			.single()).as("the one valid click only").isEqualTo(1);
	}

	@Test
	void aLinkOfAMailSentBeforeLinksNamedTheirCampaignStillLeadsToItsArticleAndIsRecorded() throws Exception {
		String address = "older-" + run + "@example.org";
		long reader = Readers.confirmed(jdbc, address, null);
		long article = CampaignsApi.article(mvc, "Azelaic acid " + run);
		String target = jdbc.sql("SELECT url FROM article WHERE id = ?").param(article).query(String.class).single();
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Older " + run, "articleIds", List.of(article)));
		CampaignsApi.sendNow(mvc, jdbc, context, campaign);
		long copy = jdbc.sql("SELECT id FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
			.params(campaign, reader)
			.query(Long.class)
			.single();

		mvc.perform(get("/r/" + links.token("click", copy, (int) article)).header("User-Agent", BROWSER))
			.andExpect(status().isFound())
			.andExpect(header().string("Location", target));
		recorder.flush();
		assertThat(clicks.ofReader(reader)).singleElement()
			.satisfies(click -> assertThat(click.campaignId()).isEqualTo(campaign));
	}

	@Test
	void aReaderErasedByAnotherInstanceHasTheirLinksStopHereWithinSeconds() throws Exception {
		String address = "elsewhere-" + run + "@example.org";
		long reader = Readers.confirmed(jdbc, address, null);
		long article = CampaignsApi.article(mvc, "Tranexamic acid " + run);
		CampaignsApi.sendNow(mvc, jdbc, context,
				CampaignsApi.campaign(mvc, Map.of("subject", "Elsewhere " + run, "articleIds", List.of(article))));
		String token = tokens(decoded(smtp().acceptedTo(address).get(0).data())).get(0);
		mvc.perform(get("/r/" + token).header("User-Agent", BROWSER)).andExpect(status().isFound());
		assertThat(erased.contains(reader)).isFalse();

		// what another instance's erasure leaves in the database for this one
		jdbc.sql("INSERT INTO erased_reader (subscriber_id, erased_at) VALUES (?, ?)")
			.params(reader, clock.instant().atOffset(ZoneOffset.UTC))
			.update();
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> mvc.perform(get("/r/" + token).header("User-Agent", BROWSER))
				.andExpect(status().isNotFound())
				.andExpect(header().doesNotExist("Location")));
	}

	@Test
	void headRequestsScannersAndBurstsOfLinksAreMachineClicksLeftOutOfTheFigures() throws Exception {
		String address = "scanned-" + run + "@example.org";
		Readers.confirmed(jdbc, address, null);
		long first = CampaignsApi.article(mvc, "Sunscreen " + run);
		long second = CampaignsApi.article(mvc, "Ceramides " + run);
		long campaign = CampaignsApi.campaign(mvc,
				Map.of("subject", "Scanned " + run, "articleIds", List.of(first, second)));
		CampaignsApi.sendNow(mvc, jdbc, context, campaign);
		List<String> tokens = tokens(decoded(smtp().acceptedTo(address).get(0).data()));
		assertThat(tokens).hasSize(2);

		mvc.perform(head("/r/" + tokens.get(0)).header("User-Agent", BROWSER)).andExpect(status().isFound());
		mvc.perform(get("/r/" + tokens.get(0)).header("User-Agent", "Mozilla/5.0 (compatible; Barracuda Sentinel)"))
			.andExpect(status().isFound());
		mvc.perform(get("/r/" + tokens.get(0))).andExpect(status().isFound());
		// a scanner with a browser's user agent: both links in the same instant
		mvc.perform(get("/r/" + tokens.get(0)).header("User-Agent", BROWSER)).andExpect(status().isFound());
		mvc.perform(get("/r/" + tokens.get(1)).header("User-Agent", BROWSER)).andExpect(status().isFound());
		recorder.flush();

		Clicks.CampaignClicks report = clicks.ofCampaign(campaign, null);
		assertThat(report.readers()).isZero();
		assertThat(report.clicks()).isZero();
		assertThat(report.machineClicks()).isEqualTo(5);
		assertThat(jdbc
			.sql("SELECT machine_reason FROM click WHERE campaign_id = ? AND machine_reason IS NOT NULL "
					+ "ORDER BY id")
			.param(campaign)
			.query(String.class)
			.list()).containsExactly("HEAD request", "scanner or crawler", "no user agent");
	}

	@Test
	void aReaderWhoOptsOutGetsPlainLinksAndTheirClicksGoWithTheirErasure() throws Exception {
		String address = "private-" + run + "@example.org";
		long reader = Readers.confirmed(jdbc, address, null);
		long article = CampaignsApi.article(mvc, "Bakuchiol " + run);
		String target = jdbc.sql("SELECT url FROM article WHERE id = ?").param(article).query(String.class).single();
		CampaignsApi.sendNow(mvc, jdbc, context,
				CampaignsApi.campaign(mvc, Map.of("subject", "Before " + run, "articleIds", List.of(article))));
		String token = tokens(decoded(smtp().acceptedTo(address).get(0).data())).get(0);
		mvc.perform(get("/r/" + token).header("User-Agent", BROWSER)).andExpect(status().isFound());
		recorder.flush();
		assertThat(clicks.ofReader(reader)).singleElement()
			.satisfies(click -> assertThat(click.articleId()).isEqualTo(article));

		String preferences = links.token("unsubscribe", reader,
				jdbc.sql("SELECT token_version FROM subscriber WHERE id = ?")
					.param(reader)
					.query(Integer.class)
					.single());
		mvc.perform(post("/preferences/" + preferences + "/clicks").param("track", "false").with(csrf()))
			.andExpect(status().isOk());
		CampaignsApi.sendNow(mvc, jdbc, context,
				CampaignsApi.campaign(mvc, Map.of("subject", "After " + run, "articleIds", List.of(article))));
		mvc.perform(get("/r/" + token).header("User-Agent", BROWSER))
			.andExpect(status().isFound())
			.andExpect(header().string("Location", target));
		recorder.flush();
		assertThat(clicks.ofReader(reader)).as("an old mail's link leads on, and records nothing now").hasSize(1);
		String plain = decoded(smtp().acceptedTo(address).get(1).data());
		assertThat(tokens(plain)).as("no tracked link once they opted out").isEmpty();
		assertThat(plain).contains("href=\"" + target);

		mvc.perform(delete("/api/subscribers/" + reader).with(admin())).andExpect(status().isNoContent());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM click WHERE subscriber_id = ?")
			.param(reader)
			.query(Integer.class)
			.single()).isZero();
		mvc.perform(get("/r/" + token).header("User-Agent", BROWSER)).andExpect(status().isNotFound());
	}

	@Test
	void withOpensCountedACopyEndsWithAPixelWhoseLoadIsCountedOnceItsTokenIsOurs() throws Exception {
		String address = "opener-" + run + "@example.org";
		long reader = Readers.confirmed(jdbc, address, "Opal");
		long article = CampaignsApi.article(mvc, "Squalane " + run);
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Opens " + run, "articleIds", List.of(article)));
		CampaignsApi.sendNow(mvc, jdbc, context, campaign);
		String mail = decoded(smtp().acceptedTo(address).get(0).data());
		Matcher pixel = Pattern.compile("<img src=\"[^\"]*/o/([A-Za-z0-9_-]{38})\" width=\"1\" height=\"1\"")
			.matcher(mail);
		assertThat(pixel.find()).as("a 1x1 image naming the copy").isTrue();

		mvc.perform(get("/o/" + pixel.group(1)))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "image/gif"));
		mvc.perform(get("/o/" + pixel.group(1).substring(1) + "A")).andExpect(status().isNotFound());
		mvc.perform(get("/o/" + links.token("unsubscribe", reader, 0))).andExpect(status().isNotFound());
		recorder.flush();

		Clicks.CampaignClicks report = clicks.ofCampaign(campaign, null);
		assertThat(report.openers()).isEqualTo(1);
		assertThat(report.opens()).isEqualTo(1);
		assertThat(clicks.opensOf(reader)).singleElement()
			.satisfies(open -> assertThat(open.campaignId()).isEqualTo(campaign));
		String page = mvc.perform(get("/admin/campaigns/" + campaign).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("data-field=\"openers\">1<", "Apple Mail Privacy Protection");
	}

	@Test
	void clicksOlderThanTheRetentionArePurged() throws Exception {
		String address = "old-" + run + "@example.org";
		long reader = Readers.confirmed(jdbc, address, null);
		long article = CampaignsApi.article(mvc, "Niacinamide " + run);
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Old " + run, "articleIds", List.of(article)));
		CampaignsApi.sendNow(mvc, jdbc, context, campaign);
		String token = tokens(decoded(smtp().acceptedTo(address).get(0).data())).get(0);
		mvc.perform(get("/r/" + token).header("User-Agent", BROWSER)).andExpect(status().isFound());
		mvc.perform(get("/r/" + token).header("User-Agent", BROWSER)).andExpect(status().isFound());
		recorder.flush();
		jdbc.sql("UPDATE click SET clicked_at = ? WHERE id = (SELECT MIN(id) FROM click WHERE subscriber_id = ?)")
			.params(clock.instant().minus(Duration.ofDays(400)).atOffset(ZoneOffset.UTC), reader)
			.update();

		assertThat(recorder.purge()).isGreaterThanOrEqualTo(1);
		assertThat(clicks.ofReader(reader)).hasSize(1);
	}

	/** The token of a tracked link. */
	private static String path(String url) {
		return url.substring(url.indexOf("/r/") + 3);
	}

	/** The mail's text as written, quoted-printable undone where links could be cut. */
	private static String decoded(String data) {
		return data.replace("=\r\n", "").replace("=3D", "=");
	}

	/** The distinct tracked-link tokens of a mail, in order. */
	private static List<String> tokens(String mail) {
		Set<String> found = new LinkedHashSet<>();
		Matcher m = TRACKED.matcher(mail);
		while (m.find()) {
			found.add(m.group(1));
		}
		return List.copyOf(found);
	}

}
