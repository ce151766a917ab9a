package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
import dev.glowletter.TestSmtp;
import dev.glowletter.article.Editorial;
import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.DigestService;
import dev.glowletter.campaign.DigestSettings;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Hostile input at every state-changing admin form: the form comes back with the field
 * marked, or a clear 4xx; never a 500, never an unescaped echo, nothing stored half-way,
 * and what was stored before is untouched. The CSV import gets files that are not text,
 * lines of several megabytes, formulas and line breaks where there should be none.
 */
class AdminFormsBadInputIntegrationTest extends IntegrationTest {

	static final String SCRIPT = "<script>alert(1)</script>";

	static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

	static final String CRLF = "\r\nBcc: victim@evil.test";

	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	static final List<String> TABLES = List.of("campaign", "campaign_article", "digest", "digest_run", "digest_article",
			"article", "article_tag", "feed", "subscriber", "consent", "subscriber_event", "suppression",
			"outbox_message");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CampaignService campaigns;

	@Autowired
	DigestService digests;

	@Autowired
	Editorial editorial;

	/** What is stored before each hostile request, and must be intact after it. */
	record Stored(long campaign, long digest, long article, String articleUrl, long feed, String feedUrl,
			long subscriber) {
	}

	/**
	 * One hostile request; {@code field} is the form field that must come back marked, or
	 * null when a 4xx is the answer; {@code echoed} is whether the request's script is
	 * shown back.
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
		return request.with(user("admin").roles("OWNER")).with(csrf()).header("Accept", BROWSER_ACCEPT);
	}

	private static MockHttpServletRequestBuilder campaign(String path, String subject, String template) {
		return admin(post(path)).param("subject", subject).param("template", template);
	}

	private static MockHttpServletRequestBuilder schedule(long id, String sendAt, String timeZone) {
		return admin(post("/admin/campaigns/" + id + "/schedule")).param("sendAt", sendAt).param("timeZone", timeZone);
	}

	private static MockHttpServletRequestBuilder digest(String path, String name, String cron, String timeZone,
			String template) {
		return admin(post(path)).param("name", name)
			.param("cron", cron)
			.param("timeZone", timeZone)
			.param("template", template)
			.param("subjectPattern", "Digest {date}")
			.param("maxArticles", "5");
	}

	private static MockHttpServletRequestBuilder article(String path, String title, String url) {
		return admin(post(path)).param("title", title).param("url", url).param("body", "<p>Body.</p>");
	}

	static Stream<Case> cases() {
		String allMinutes = IntStream.range(0, 60).mapToObj(Integer::toString).collect(Collectors.joining(","));
		return Stream.of(
				echoing("campaign: template path traversal, script in the subject", "template",
						s -> campaign("/admin/campaigns", SCRIPT, "../../etc/passwd")),
				form("campaign: CR/LF in the subject", "subject",
						s -> campaign("/admin/campaigns", "Hello" + CRLF, "digest")),
				form("campaign: CR/LF in the preheader", "preheader",
						s -> campaign("/admin/campaigns", "Hello", "digest").param("preheader", "Hi" + CRLF)),
				form("campaign: a subject of 100,000 characters", "subject", s -> campaign("/admin/campaigns",
						"x".repeat(100_000), "digest")),
				form("campaign: an intro of a megabyte", "intro",
						s -> campaign("/admin/campaigns", "Hello", "digest").param("intro", "x".repeat(1 << 20))),
				form("campaign: 51 articles and ids that are no numbers", "articleIds",
						s -> campaign("/admin/campaigns", "Hello", "digest")
							.param("articleIds",
									Stream
										.concat(IntStream.rangeClosed(1, 51).mapToObj(Integer::toString),
												Stream.of("1; DROP TABLE campaign"))
										.toArray(String[]::new))
							.param("position-1", "' OR 1=1")),
				form("campaign edit: template path traversal on a stored draft", "template",
						s -> campaign("/admin/campaigns/" + s.campaign(), "Changed", "../../etc/passwd")),
				refused("campaign edit: one that does not exist",
						s -> campaign("/admin/campaigns/987654321", "Hello", "digest")),
				refused("campaign edit: an id too big for a number",
						s -> campaign("/admin/campaigns/99999999999999999999", "Hello", "digest")),
				form("test send: CR/LF and a Bcc header in the address", "addresses",
						s -> admin(post("/admin/campaigns/" + s.campaign() + "/test")).param("addresses",
								"a@example.org" + CRLF)),
				echoing("test send: script as the address", "addresses",
						s -> admin(post("/admin/campaigns/" + s.campaign() + "/test")).param("addresses",
								SCRIPT + "@example.org")),
				form("test send: six addresses", "addresses",
						s -> admin(post("/admin/campaigns/" + s.campaign() + "/test")).param("addresses",
								"a@example.org, b@example.org, c@example.org, "
										+ "d@example.org, e@example.org, f@example.org")),
				refused("test send: a campaign that does not exist",
						s -> admin(post("/admin/campaigns/987654321/test")).param("addresses", "a@example.org")),
				form("schedule: a month and an hour that do not exist", "sendAt",
						s -> schedule(s.campaign(), "2030-13-45T25:99", "UTC")),
				echoing("schedule: script as the date", "sendAt", s -> schedule(s.campaign(), SCRIPT, "UTC")),
				form("schedule: the year 10,000", "sendAt", s -> schedule(s.campaign(), "+10000-01-01T09:00", "UTC")),
				form("schedule: the year 999,999,999", "sendAt",
						s -> schedule(s.campaign(), "+999999999-12-31T23:59", "UTC")),
				form("schedule: in the past", "sendAt", s -> schedule(s.campaign(), "2001-01-01T09:00", "UTC")),
				form("schedule: a time zone that does not exist", "timeZone",
						s -> schedule(s.campaign(), "2030-01-01T09:00", "Mars/Olympus_Mons")),
				form("schedule: path traversal as the time zone", "timeZone",
						s -> schedule(s.campaign(), "2030-01-01T09:00", "../../etc/passwd")),
				refused("schedule: a campaign that does not exist",
						s -> schedule(987654321, "2030-01-01T09:00", "UTC")),
				refused("pause: a campaign that does not exist", s -> admin(post("/admin/campaigns/987654321/pause"))),
				refused("duplicate: a campaign that does not exist",
						s -> admin(post("/admin/campaigns/987654321/duplicate"))),
				echoing("digest: script as name, cron and time zone", "cron",
						s -> digest("/admin/digests", SCRIPT, SCRIPT, SCRIPT, "digest")),
				form("digest: a time zone that does not exist", "timeZone",
						s -> digest("/admin/digests", "Weekly", "0 9 * * MON", "Mars/Olympus_Mons", "digest")),
				form("digest: template path traversal", "template",
						s -> digest("/admin/digests", "Weekly", "0 9 * * MON", "UTC", "../../etc/passwd")),
				form("digest: a valid cron longer than its column", "cron",
						s -> digest("/admin/digests", "Weekly", allMinutes + " 9 * * MON", "UTC", "digest")),
				form("digest: a cron padded with spaces past its column", "cron",
						s -> digest("/admin/digests", "Weekly", "0 9 * *" + " ".repeat(200) + "MON", "UTC", "digest")),
				form("digest: a name of 10,000 characters", "name",
						s -> digest("/admin/digests", "x".repeat(10_000), "0 9 * * MON", "UTC", "digest")),
				form("digest: articles per edition that is no number", "maxArticles",
						s -> digest("/admin/digests", "Weekly", "0 9 * * MON", "UTC", "digest").param("maxArticles",
								"1e99")),
				form("digest: CR/LF in the subject", "subjectPattern",
						s -> digest("/admin/digests", "Weekly", "0 9 * * MON", "UTC", "digest").param("subjectPattern",
								"Digest" + CRLF)),
				form("digest edit: a bad cron on a stored digest", "cron",
						s -> digest("/admin/digests/" + s.digest(), "Changed", "every monday", "UTC", "digest")),
				refused("digest edit: one that does not exist",
						s -> digest("/admin/digests/987654321", "Weekly", "0 9 * * MON", "UTC", "digest")),
				refused("digest run: one that does not exist", s -> admin(post("/admin/digests/987654321/run"))),
				echoing("article: javascript: address, script as the title", "url",
						s -> article("/admin/articles", SCRIPT, "javascript:alert(1)")),
				form("article: file: address", "url", s -> article("/admin/articles", "Title", "file:///etc/passwd")),
				form("article: data: image", "imageUrl",
						s -> article("/admin/articles", "Title", "https://blog.example.org/" + UUID.randomUUID())
							.param("imageUrl", "data:text/html,<script>alert(1)</script>")),
				form("article: a title of 100,000 characters", "title",
						s -> article("/admin/articles", "x".repeat(100_000), "https://blog.example.org/long")),
				form("article: a body over the limit", "body",
						s -> article("/admin/articles", "Title", "https://blog.example.org/" + UUID.randomUUID())
							.param("body", "<p>" + "x".repeat(300_000))),
				form("article: a date that does not exist", "publishedAt",
						s -> article("/admin/articles", "Title", "https://blog.example.org/" + UUID.randomUUID())
							.param("publishedAt", "2026-02-30T25:00:00+99:00")),
				form("article: a thousand tags", "tags",
						s -> article("/admin/articles", "Title", "https://blog.example.org/" + UUID.randomUUID()).param(
								"tags",
								IntStream.range(0, 1000).mapToObj(i -> "tag" + i).collect(Collectors.joining(",")))),
				form("article: the address of a stored article", "url",
						s -> article("/admin/articles", "Title", s.articleUrl())),
				form("article edit: javascript: address on a stored article", "url",
						s -> article("/admin/articles/" + s.article(), "Changed", "javascript:alert(1)")),
				refused("article edit: one that does not exist",
						s -> article("/admin/articles/987654321", "Title",
								"https://blog.example.org/" + UUID.randomUUID())),
				refused("article delete: an id too big for a number",
						s -> admin(post("/admin/articles/99999999999999999999/delete"))),
				form("feed: javascript: address", "url",
						s -> admin(post("/admin/feeds")).param("url", "javascript:alert(1)")),
				form("feed: file: address", "url", s -> admin(post("/admin/feeds")).param("url", "file:///etc/passwd")),
				echoing("feed: script in the address", "url",
						s -> admin(post("/admin/feeds")).param("url", "https://blog.example.org/" + SCRIPT)),
				form("feed: an address of 10,000 characters", "url",
						s -> admin(post("/admin/feeds")).param("url",
								"https://blog.example.org/" + "x".repeat(10_000))),
				form("feed: the address of a stored feed", "url",
						s -> admin(post("/admin/feeds")).param("url", s.feedUrl())),
				refused("feed poll: one that does not exist", s -> admin(post("/admin/feeds/987654321/poll"))),
				refused("erase: a subscriber that does not exist",
						s -> admin(post("/admin/subscribers/987654321/erase"))),
				refused("erase: an id too big for a number",
						s -> admin(post("/admin/subscribers/99999999999999999999/erase"))),
				refused("import mapping: a column that is no number", s -> admin(post("/admin/subscribers/import/run"))
					.param("emailColumn", "0; DROP TABLE subscriber")));
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
		long campaign = campaigns
			.create(new CampaignContent("Stored " + unique, "Preheader", "Intro.", "digest", List.of()), "admin")
			.id();
		long digest = digests
			.create(new DigestSettings("Stored " + unique, "0 9 * * MON", "UTC", "digest", "Digest {date}", null, 5,
					null))
			.id();
		String articleUrl = "https://blog.example.org/stored-" + unique;
		long article = editorial
			.create(new Editorial.Draft("Stored " + unique, articleUrl, "", "", "", "", "a, b", "<p>Body.</p>", ""))
			.id();
		String feedUrl = "https://blog.example.org/feed-" + unique + ".xml";
		long feed = editorial.registerFeed(feedUrl).id();
		long subscriber = Readers.confirmed(jdbc, "stored-" + unique + "@forms.example.org", "Stored");
		return new Stored(campaign, digest, article, articleUrl, feed, feedUrl, subscriber);
	}

	/**
	 * Every table's row count, and the stored rows themselves (a feed by its address: the
	 * poller may visit it).
	 */
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
			String body = mvc
				.perform(admin(get("/admin/subscribers")).param("q", query)
					.param("status", "'; DROP TABLE subscriber; --"))
				.andReturn()
				.getResponse()
				.getContentAsString(StandardCharsets.UTF_8);
			assertThat(body).as(query).contains("No subscriber matches").doesNotContain("<script>alert");
		}
		String body = mvc.perform(admin(get("/admin/subscribers")).param("q", SCRIPT))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(body).contains("value=\"" + ESCAPED + "\"");
		assertThat(count("subscriber")).isEqualTo(subscribers);
	}

	// The CSV import

	/** A file the upload refuses, and the words the refusal starts with. */
	record Refusal(String name, byte[] csv, String says) {

		@Override
		public String toString() {
			return name;
		}
	}

	static Stream<Refusal> filesThatAreRefused() {
		byte[] invalidUtf8 = "email\nok@forms.example.org\nbad-\u00e9@forms.example.org\n"
			.getBytes(StandardCharsets.ISO_8859_1);
		String tenThousandColumns = IntStream.range(0, 10_000).mapToObj(i -> "c" + i).collect(Collectors.joining(","));
		return Stream.of(new Refusal("invalid UTF-8 on line 3", invalidUtf8, "Line 3"),
				new Refusal("a NUL byte on line 2",
						"email\nnul\u0000@forms.example.org\n".getBytes(StandardCharsets.UTF_8), "Line 2"),
				new Refusal("10,000 columns from line 1",
						(tenThousandColumns + "\n" + tenThousandColumns.replace("c0,", "a@forms.example.org,"))
							.getBytes(StandardCharsets.UTF_8),
						"Line 1"),
				new Refusal("a quote opened on line 2 and never closed",
						"email,name\nq1@forms.example.org,\"Quinn\nq2@forms.example.org,Quentin\n"
							.getBytes(StandardCharsets.UTF_8),
						"Line 2"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("filesThatAreRefused")
	void fileThatIsNoCsvTextIsRefusedAtUploadNamingTheLine(Refusal file) throws Exception {
		int subscribers = count("subscriber");
		MockHttpSession session = new MockHttpSession();
		MockHttpServletResponse response = upload(file.csv(), session);
		String body = response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(response.getStatus()).isIn(200, 400);
		assertThat(body).containsPattern("<p class=\"field-error\" id=\"file-error\">" + file.says() + "[^<]+</p>");
		assertThat(session.getAttribute(SubscriberPagesController.UPLOAD)).as("nothing waits to be imported").isNull();
		assertThat(count("subscriber")).isEqualTo(subscribers);
	}

	@Test
	void lineOfSeveralMegabytesIsReportedOnItsLineWithoutBeingShownAndTheOthersAreImported() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String huge = "x".repeat(6 << 20);
		String csv = "email,first_name\n" + "long1-" + tag + "@forms.example.org,Lena\n" + huge
				+ "@forms.example.org,Huge\n" + "long2-" + tag + "@forms.example.org,\"" + huge + "\"\n" + "long3-"
				+ tag + "@forms.example.org,Leo\n";
		MockHttpSession session = new MockHttpSession();
		MockHttpServletResponse preview = upload(csv.getBytes(StandardCharsets.UTF_8), session);
		assertThat(preview.getStatus()).isEqualTo(200);
		assertThat(preview.getContentAsString().length()).as("the preview shows the head of each value")
			.isLessThan(64 * 1024);

		String report = runImport(session, true);
		assertThat(report.length()).isLessThan(64 * 1024);
		assertThat(report).contains("<dd id=\"report-rows\">4</dd>")
			.contains("<dd id=\"report-imported\">3</dd>")
			.contains("<dd id=\"report-invalid\">1</dd>")
			.containsPattern("<td class=\"num\">3</td><td>x{10,100}…</td><td>[^<]*too long[^<]*</td>");
		assertThat(jdbc.sql("SELECT first_name FROM subscriber WHERE email = ?")
			.param("long2-" + tag + "@forms.example.org")
			.query(String.class)
			.single()).hasSize(100);
	}

	@Test
	void scriptAndLineBreaksInsideAnAddressAreInvalidOnTheirLineAndShownEscaped() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String csv = "email,first_name\n" + "\"crlf-" + tag + "@forms.example.org\r\nBcc: victim@evil.test\",Eve\n"
				+ "\"" + SCRIPT + "@forms.example.org\"," + SCRIPT + "\n" + "fine-" + tag + "@forms.example.org,Fay\n";
		MockHttpSession session = new MockHttpSession();
		String preview = upload(csv.getBytes(StandardCharsets.UTF_8), session).getContentAsString();
		assertThat(preview).doesNotContain("<script>alert").contains(ESCAPED);

		String report = runImport(session, true);
		assertThat(report).doesNotContain("<script>alert")
			.contains(ESCAPED)
			.contains("<dd id=\"report-imported\">1</dd>")
			.contains("<dd id=\"report-invalid\">2</dd>");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email LIKE ?")
			.param("%" + tag + "%")
			.query(Integer.class)
			.single()).isOne();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email LIKE '%evil.test%'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void lineBreaksInAFirstNameNeverReachAMailHeader() throws Exception {
		String address = "eve-" + UUID.randomUUID().toString().substring(0, 8) + "@forms.example.org";
		String csv = "email,first_name\n" + address + ",\"Eve" + CRLF + "\"\n";
		MockHttpSession session = new MockHttpSession();
		upload(csv.getBytes(StandardCharsets.UTF_8), session);
		assertThat(runImport(session, false)).contains("<dd id=\"report-imported\">1</dd>");

		MimeMessage confirmation = awaitMails(address, 1).get(0);
		assertThat(confirmation.getHeader("Bcc")).isNull();
		assertThat(confirmation.getAllRecipients()).extracting(Object::toString)
			.singleElement()
			.asString()
			.endsWith("<" + address + ">");
		assertThat(TestSmtp.everSentTo("victim@evil.test")).as("no mail was ever sent to it").isFalse();
		assertThat(jdbc.sql("SELECT first_name FROM subscriber WHERE email = ?")
			.param(address)
			.query(String.class)
			.single()).isEqualTo("Eve Bcc: victim@evil.test");
	}

	@Test
	void exportNeutralisesEveryCellThatASpreadsheetWouldRunAsAFormula() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String csv = "email,first_name\n" + "=cmd|'/Ccalc'!A0-" + tag + "@forms.example.org,\"=cmd|' /C calc'!A0\"\n"
				+ "+plus-" + tag + "@forms.example.org,+1+1\n" + "-minus-" + tag + "@forms.example.org,-2+3\n" + "at-"
				+ tag + "@forms.example.org,@SUM(1+1)\n" + "tab-" + tag + "@forms.example.org,\"\t=1+1\"\n";
		MockHttpSession session = new MockHttpSession();
		upload(csv.getBytes(StandardCharsets.UTF_8), session);
		assertThat(runImport(session, true)).contains("<dd id=\"report-imported\">5</dd>");

		String export = mvc.perform(admin(get("/admin/subscribers/export")))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		List<String> lines = export.lines().filter(line -> line.contains(tag)).toList();
		assertThat(lines).hasSize(5);
		for (String line : lines) {
			for (String cell : cells(line)) {
				assertThat(cell).as(line).doesNotMatch("(?s)^[=+\\-@\t\r].*");
			}
		}
		assertThat(lines).anySatisfy(line -> assertThat(cells(line))
			.startsWith("'=cmd|'/Ccalc'!A0-" + tag + "@forms.example.org", "'=cmd|' /C calc'!A0"));
	}

	/** The cells of one exported CSV line, unquoted as a spreadsheet reads them. */
	private static List<String> cells(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
				cell.append('"');
				i++;
			}
			else if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		cells.add(cell.toString());
		return cells;
	}

	@Test
	void mappingThatNamesNoUsableColumnShowsTheMappingAgainWithTheFieldMarked() throws Exception {
		int subscribers = count("subscriber");
		MockHttpSession session = new MockHttpSession();
		upload("email,first_name\nmap@forms.example.org,Mo\n".getBytes(StandardCharsets.UTF_8), session);
		for (String[] mapping : List.of(new String[] { "-1", "1" }, new String[] { "99999", "1" },
				new String[] { "0", "0" })) {
			MockHttpServletResponse response = mvc
				.perform(admin(post("/admin/subscribers/import/run")).session(session)
					.param("emailColumn", mapping[0])
					.param("nameColumn", mapping[1])
					.param("consentHeld", "true"))
				.andReturn()
				.getResponse();
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getContentAsString()).contains("<p class=\"field-error\" id=\"emailColumn-error\">");
		}
		assertThat(count("subscriber")).isEqualTo(subscribers);
	}

	private MockHttpServletResponse upload(byte[] csv, MockHttpSession session) throws Exception {
		return mvc
			.perform(multipart("/admin/subscribers/import")
				.file(new MockMultipartFile("file", "readers.csv", "text/csv", csv))
				.with(user("admin").roles("OWNER"))
				.with(csrf())
				.header("Accept", BROWSER_ACCEPT)
				.session(session))
			.andReturn()
			.getResponse();
	}

	/**
	 * Runs the uploaded import (email in column 0, first name in column 1) and returns
	 * its report page.
	 */
	private String runImport(MockHttpSession session, boolean consentHeld) throws Exception {
		String job = mvc
			.perform(admin(post("/admin/subscribers/import/run")).session(session)
				.param("emailColumn", "0")
				.param("nameColumn", "1")
				.param("consentHeld", Boolean.toString(consentHeld)))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(job).startsWith("/admin/subscribers/import/");
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> mvc.perform(admin(get(job)))
				.andReturn()
				.getResponse()
				.getContentAsString()
				.contains("id=\"import-report\""));
		return mvc.perform(admin(get(job))).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

}
