package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.article.Editorial;
import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.DigestService;
import dev.glowletter.campaign.DigestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Hostile input at every state-changing admin form: the form comes back with the field marked,
 * or a clear 4xx; never a 500, never an unescaped echo, nothing stored half-way, and what was
 * stored before is untouched.
 */
class AdminFormsBadInputIntegrationTest extends IntegrationTest {

	static final String SCRIPT = "<script>alert(1)</script>";

	static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

	static final String CRLF = "\r\nBcc: victim@evil.test";

	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	static final List<String> TABLES = List.of("campaign", "campaign_article", "digest", "digest_run", "digest_article", "article",
			"article_tag", "feed", "subscriber", "consent", "subscriber_event", "suppression", "outbox_message");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CampaignService campaigns;

	@Autowired
	DigestService digests;

	@Autowired
	Editorial editorial;

	/** What is stored before each hostile request, and must be intact after it. */
	record Stored(long campaign, long digest, long article, String articleUrl, long feed, String feedUrl, long subscriber) {
	}

	/**
	 * One hostile request; {@code field} is the form field that must come back marked, or null
	 * when a 4xx is the answer; {@code echoed} is whether the request's script is shown back.
	 */
	record Case(String name, Function<Stored, MockHttpServletRequestBuilder> request, String field, boolean echoed) {

		@Override
		public String toString() {
			return name;
		}
	}

	private static Case form(String name, String field, Function<Stored, MockHttpServletRequestBuilder> request) {
		return new Case(name, request, field, false);
	}

	private static Case echoing(String name, String field, Function<Stored, MockHttpServletRequestBuilder> request) {
		return new Case(name, request, field, true);
	}

	private static Case refused(String name, Function<Stored, MockHttpServletRequestBuilder> request) {
		return new Case(name, request, null, false);
	}

	/** As a logged-in admin's browser sends it. */
	private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
		return request.with(user("admin").roles("ADMIN")).with(csrf()).header("Accept", BROWSER_ACCEPT);
	}

	private static MockHttpServletRequestBuilder campaign(String path, String subject, String template) {
		return admin(post(path)).param("subject", subject).param("template", template);
	}

	private static MockHttpServletRequestBuilder schedule(long id, String sendAt, String timeZone) {
		return admin(post("/admin/campaigns/" + id + "/schedule")).param("sendAt", sendAt).param("timeZone", timeZone);
	}

	private static MockHttpServletRequestBuilder digest(String path, String name, String cron, String timeZone, String template) {
		return admin(post(path)).param("name", name).param("cron", cron).param("timeZone", timeZone).param("template", template)
			.param("subjectPattern", "Digest {date}").param("maxArticles", "5");
	}

	private static MockHttpServletRequestBuilder article(String path, String title, String url) {
		return admin(post(path)).param("title", title).param("url", url).param("body", "<p>Body.</p>");
	}

	static Stream<Case> cases() {
		String allMinutes = IntStream.range(0, 60).mapToObj(Integer::toString).collect(Collectors.joining(","));
		return Stream.of(
				echoing("campaign: template path traversal, script in the subject", "template",
						s -> campaign("/admin/campaigns", SCRIPT, "../../etc/passwd")),
				form("campaign: CR/LF in the subject", "subject", s -> campaign("/admin/campaigns", "Hello" + CRLF, "digest")),
				form("campaign: CR/LF in the preheader", "preheader",
						s -> campaign("/admin/campaigns", "Hello", "digest").param("preheader", "Hi" + CRLF)),
				form("campaign: a subject of 100,000 characters", "subject", s -> campaign("/admin/campaigns", "x".repeat(100_000), "digest")),
				form("campaign: an intro of a megabyte", "intro",
						s -> campaign("/admin/campaigns", "Hello", "digest").param("intro", "x".repeat(1 << 20))),
				form("campaign: 51 articles and ids that are no numbers", "articleIds", s -> campaign("/admin/campaigns", "Hello", "digest")
					.param("articleIds", Stream.concat(IntStream.rangeClosed(1, 51).mapToObj(Integer::toString), Stream.of("1; DROP TABLE campaign"))
						.toArray(String[]::new))
					.param("position-1", "' OR 1=1")),
				form("campaign edit: template path traversal on a stored draft", "template",
						s -> campaign("/admin/campaigns/" + s.campaign(), "Changed", "../../etc/passwd")),
				refused("campaign edit: one that does not exist", s -> campaign("/admin/campaigns/987654321", "Hello", "digest")),
				refused("campaign edit: an id too big for a number", s -> campaign("/admin/campaigns/99999999999999999999", "Hello", "digest")),
				form("test send: CR/LF and a Bcc header in the address", "addresses",
						s -> admin(post("/admin/campaigns/" + s.campaign() + "/test")).param("addresses", "a@example.org" + CRLF)),
				echoing("test send: script as the address", "addresses",
						s -> admin(post("/admin/campaigns/" + s.campaign() + "/test")).param("addresses", SCRIPT + "@example.org")),
				form("test send: six addresses", "addresses", s -> admin(post("/admin/campaigns/" + s.campaign() + "/test"))
					.param("addresses", "a@example.org, b@example.org, c@example.org, d@example.org, e@example.org, f@example.org")),
				refused("test send: a campaign that does not exist",
						s -> admin(post("/admin/campaigns/987654321/test")).param("addresses", "a@example.org")),
				form("schedule: a month and an hour that do not exist", "sendAt", s -> schedule(s.campaign(), "2030-13-45T25:99", "UTC")),
				echoing("schedule: script as the date", "sendAt", s -> schedule(s.campaign(), SCRIPT, "UTC")),
				form("schedule: the year 10,000", "sendAt", s -> schedule(s.campaign(), "+10000-01-01T09:00", "UTC")),
				form("schedule: the year 999,999,999", "sendAt", s -> schedule(s.campaign(), "+999999999-12-31T23:59", "UTC")),
				form("schedule: in the past", "sendAt", s -> schedule(s.campaign(), "2001-01-01T09:00", "UTC")),
				form("schedule: a time zone that does not exist", "timeZone", s -> schedule(s.campaign(), "2030-01-01T09:00", "Mars/Olympus_Mons")),
				form("schedule: path traversal as the time zone", "timeZone", s -> schedule(s.campaign(), "2030-01-01T09:00", "../../etc/passwd")),
				refused("schedule: a campaign that does not exist", s -> schedule(987654321, "2030-01-01T09:00", "UTC")),
				refused("pause: a campaign that does not exist", s -> admin(post("/admin/campaigns/987654321/pause"))),
				refused("duplicate: a campaign that does not exist", s -> admin(post("/admin/campaigns/987654321/duplicate"))),
				echoing("digest: script as name, cron and time zone", "cron", s -> digest("/admin/digests", SCRIPT, SCRIPT, SCRIPT, "digest")),
				form("digest: a time zone that does not exist", "timeZone", s -> digest("/admin/digests", "Weekly", "0 9 * * MON", "Mars/Olympus_Mons", "digest")),
				form("digest: template path traversal", "template", s -> digest("/admin/digests", "Weekly", "0 9 * * MON", "UTC", "../../etc/passwd")),
				form("digest: a valid cron longer than its column", "cron", s -> digest("/admin/digests", "Weekly", allMinutes + " 9 * * MON", "UTC", "digest")),
				form("digest: a cron padded with spaces past its column", "cron",
						s -> digest("/admin/digests", "Weekly", "0 9 * *" + " ".repeat(200) + "MON", "UTC", "digest")),
				form("digest: a name of 10,000 characters", "name", s -> digest("/admin/digests", "x".repeat(10_000), "0 9 * * MON", "UTC", "digest")),
				form("digest: articles per edition that is no number", "maxArticles",
						s -> digest("/admin/digests", "Weekly", "0 9 * * MON", "UTC", "digest").param("maxArticles", "1e99")),
				form("digest: CR/LF in the subject", "subjectPattern",
						s -> digest("/admin/digests", "Weekly", "0 9 * * MON", "UTC", "digest").param("subjectPattern", "Digest" + CRLF)),
				form("digest edit: a bad cron on a stored digest", "cron", s -> digest("/admin/digests/" + s.digest(), "Changed", "every monday", "UTC", "digest")),
				refused("digest edit: one that does not exist", s -> digest("/admin/digests/987654321", "Weekly", "0 9 * * MON", "UTC", "digest")),
				refused("digest run: one that does not exist", s -> admin(post("/admin/digests/987654321/run"))),
				echoing("article: javascript: address, script as the title", "url", s -> article("/admin/articles", SCRIPT, "javascript:alert(1)")),
				form("article: file: address", "url", s -> article("/admin/articles", "Title", "file:///etc/passwd")),
				form("article: data: image", "imageUrl",
						s -> article("/admin/articles", "Title", "https://blog.example.org/" + UUID.randomUUID()).param("imageUrl", "data:text/html,<script>alert(1)</script>")),
				form("article: a title of 100,000 characters", "title", s -> article("/admin/articles", "x".repeat(100_000), "https://blog.example.org/long")),
				form("article: a body over the limit", "body",
						s -> article("/admin/articles", "Title", "https://blog.example.org/" + UUID.randomUUID()).param("body", "<p>" + "x".repeat(300_000))),
				form("article: a date that does not exist", "publishedAt",
						s -> article("/admin/articles", "Title", "https://blog.example.org/" + UUID.randomUUID()).param("publishedAt", "2026-02-30T25:00:00+99:00")),
				form("article: a thousand tags", "tags", s -> article("/admin/articles", "Title", "https://blog.example.org/" + UUID.randomUUID())
					.param("tags", IntStream.range(0, 1000).mapToObj(i -> "tag" + i).collect(Collectors.joining(",")))),
				form("article: the address of a stored article", "url", s -> article("/admin/articles", "Title", s.articleUrl())),
				form("article edit: javascript: address on a stored article", "url", s -> article("/admin/articles/" + s.article(), "Changed", "javascript:alert(1)")),
				refused("article edit: one that does not exist", s -> article("/admin/articles/987654321", "Title", "https://blog.example.org/" + UUID.randomUUID())),
				refused("article delete: an id too big for a number", s -> admin(post("/admin/articles/99999999999999999999/delete"))),
				form("feed: javascript: address", "url", s -> admin(post("/admin/feeds")).param("url", "javascript:alert(1)")),
				form("feed: file: address", "url", s -> admin(post("/admin/feeds")).param("url", "file:///etc/passwd")),
				echoing("feed: script in the address", "url", s -> admin(post("/admin/feeds")).param("url", "https://blog.example.org/" + SCRIPT)),
				form("feed: an address of 10,000 characters", "url", s -> admin(post("/admin/feeds")).param("url", "https://blog.example.org/" + "x".repeat(10_000))),
				form("feed: the address of a stored feed", "url", s -> admin(post("/admin/feeds")).param("url", s.feedUrl())),
				refused("feed poll: one that does not exist", s -> admin(post("/admin/feeds/987654321/poll"))),
				refused("erase: a subscriber that does not exist", s -> admin(post("/admin/subscribers/987654321/erase"))),
				refused("erase: an id too big for a number", s -> admin(post("/admin/subscribers/99999999999999999999/erase"))),
				refused("import mapping: a column that is no number", s -> admin(post("/admin/subscribers/import/run")).param("emailColumn", "0; DROP TABLE subscriber")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void hostileFormInputIsRefusedCleanlyAndStoresNothing(Case hostile) throws Exception {
		Stored stored = store();
		Map<String, Object> before = snapshot(stored);
		MockHttpServletResponse response = mvc.perform(hostile.request().apply(stored)).andReturn().getResponse();
		String body = response.getContentAsString(StandardCharsets.UTF_8);
		if (hostile.field() != null) {
			assertThat(response.getStatus()).as(body).isIn(200, 400);
			assertThat(body).contains("<p class=\"field-error\" id=\"" + hostile.field() + "-error\">");
		}
		else {
			assertThat(response.getStatus()).as(body).isBetween(400, 499);
		}
		assertThat(body).doesNotContain("<script>alert").doesNotContain("Exception").doesNotContain("\tat ");
		if (hostile.echoed()) {
			assertThat(body).contains(ESCAPED);
		}
		assertThat(snapshot(stored)).isEqualTo(before);
	}

	private Stored store() {
		String unique = UUID.randomUUID().toString();
		long campaign = campaigns.create(new CampaignContent("Stored " + unique, "Preheader", "Intro.", "digest", List.of()), "admin").id();
		long digest = digests.create(new DigestSettings("Stored " + unique, "0 9 * * MON", "UTC", "digest", "Digest {date}", null, 5, null)).id();
		String articleUrl = "https://blog.example.org/stored-" + unique;
		long article = editorial.create(new Editorial.Draft("Stored " + unique, articleUrl, "", "", "", "", "a, b", "<p>Body.</p>", "")).id();
		String feedUrl = "https://blog.example.org/feed-" + unique + ".xml";
		long feed = editorial.registerFeed(feedUrl).id();
		long subscriber = Readers.confirmed(jdbc, "stored-" + unique + "@forms.example.org", "Stored");
		return new Stored(campaign, digest, article, articleUrl, feed, feedUrl, subscriber);
	}

	/** Every table's row count, and the stored rows themselves (a feed by its address: the poller may visit it). */
	private Map<String, Object> snapshot(Stored stored) {
		Map<String, Object> snapshot = new LinkedHashMap<>();
		TABLES.forEach(table -> snapshot.put(table, count(table)));
		snapshot.put("the campaign", row("SELECT * FROM campaign WHERE id = ?", stored.campaign()));
		snapshot.put("the digest", row("SELECT * FROM digest WHERE id = ?", stored.digest()));
		snapshot.put("the article", row("SELECT * FROM article WHERE id = ?", stored.article()));
		snapshot.put("the feed", row("SELECT url FROM feed WHERE id = ?", stored.feed()));
		snapshot.put("the subscriber", row("SELECT * FROM subscriber WHERE id = ?", stored.subscriber()));
		return snapshot;
	}

	private Map<String, Object> row(String sql, long id) {
		return jdbc.sql(sql).param(id).query().singleRow();
	}

	private int count(String table) {
		return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Integer.class).single();
	}

	@Test
	void searchWithSqlAndScriptFindsNothingAndShowsTheQueryEscaped() throws Exception {
		Readers.confirmed(jdbc, "search-" + UUID.randomUUID() + "@forms.example.org", "Sam");
		int subscribers = count("subscriber");
		for (String query : List.of("' OR '1'='1' --", "%' OR 1=1; DROP TABLE subscriber; --", SCRIPT, "\\%_")) {
			String body = mvc.perform(admin(get("/admin/subscribers")).param("q", query).param("status", "'; DROP TABLE subscriber; --"))
				.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
			assertThat(body).as(query).contains("No subscriber matches").doesNotContain("<script>alert");
		}
		String body = mvc.perform(admin(get("/admin/subscribers")).param("q", SCRIPT)).andReturn().getResponse().getContentAsString();
		assertThat(body).contains("value=\"" + ESCAPED + "\"");
		assertThat(count("subscriber")).isEqualTo(subscribers);
	}
}
