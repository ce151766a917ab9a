package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import dev.glowletter.CampaignsApi;
import dev.glowletter.GlowletterProperties;
import dev.glowletter.Readers;
import jakarta.mail.Multipart;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The public archive (issue 19): a sent campaign an editor publishes is listed at
 * {@code /archive}, shown at its own page without anything of a reader, and in the RSS
 * feed; nothing else is found there; the pages cache with ETags; the sign-up page shows
 * the latest three.
 */
// a context of its own: every campaign sent here goes to every confirmed reader of it,
// and
// opens are counted, so the sent copies carry every personal link the archive must not
@TestPropertySource(properties = { "glowletter.test.context=archive", "glowletter.delivery.count-opens=true" })
class ArchiveIntegrationTest extends CampaignTestSupport {

	/** A subject template with markup in it, rendered for nobody: "friend". */
	static final String SUBJECT = "Hi ${subscriber.firstName!\"friend\"}: <b>glow</b> & \"co\"";

	static final String SUBJECT_SHOWN = "Hi friend: <b>glow</b> & \"co\"";

	static final String SUBJECT_ESCAPED = "Hi friend: &lt;b&gt;glow&lt;/b&gt; &amp; &quot;co&quot;";

	@Autowired
	ApplicationContext context;

	@Autowired
	GlowletterProperties properties;

	/** A campaign of one article, sent to the reader; returns its id. */
	long sent(String subject, String articleTitle) throws Exception {
		long article = article(articleTitle, OffsetDateTime.now().minusDays(1));
		String json = JSON.writeValueAsString(Map.of("subject", subject, "articleIds", List.of(article), "intro",
				"What we read this week, <i>unfiltered</i>.\n\nEnjoy."));
		long id = json(mvc.perform(adminJson(post("/api/campaigns"), json))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();
		CampaignsApi.sendNow(mvc, jdbc, context, id);
		return id;
	}

	/** The text of a message's parts, decoded. */
	static String decoded(Object content) throws Exception {
		if (content instanceof Multipart parts) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < parts.getCount(); i++) {
				text.append(decoded(parts.getBodyPart(i).getContent()));
			}
			return text.toString();
		}
		return String.valueOf(content);
	}

	String publish(long id) throws Exception {
		return json(mvc.perform(adminJson(post("/api/campaigns/" + id + "/archive"), "{\"published\": true}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("archiveUrl").asString();
	}

	String page(String path) throws Exception {
		return mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	@Test
	void aPublishedIssueIsListedAndShownWithoutAnythingOfAReader() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String address = "zelda-" + run + "@example.org";
		Readers.confirmed(jdbc, address, "Zelda" + run);
		long id = sent(SUBJECT, "Retinol, slowly " + run);
		String copy = decoded(awaitMails(address, 1).get(0).getContent());
		assertThat(copy).as("the reader's copy carries personal links").contains("/unsubscribe/").contains("/r/");

		String url = publish(id);
		assertThat(url).isEqualTo(properties.link("/archive/" + id + "-hi-friend-b-glow-b-co"));

		String list = page("/archive");
		assertThat(list).contains("href=\"/archive/" + id + "-hi-friend-b-glow-b-co\"")
			.contains(SUBJECT_ESCAPED)
			.doesNotContain("<b>glow")
			.contains("What we read this week, &lt;i&gt;unfiltered&lt;/i&gt;. Enjoy.");

		String issue = page("/archive/" + id + "-hi-friend-b-glow-b-co");
		assertThat(issue).contains("<title>" + SUBJECT_ESCAPED + " · ")
			.contains("<h1>" + SUBJECT_ESCAPED + "</h1>")
			.contains("<meta name=\"description\" content=\"What we read this week")
			.contains("<meta property=\"og:title\" content=\"" + SUBJECT_ESCAPED)
			.contains("<meta property=\"og:description\" content=\"What we read this week")
			.contains("<meta property=\"og:url\" content=\"" + url + "\">")
			.contains("<meta property=\"og:type\" content=\"article\">")
			.contains("<link rel=\"canonical\" href=\"" + url + "\">")
			.contains("src=\"/archive/" + id + "/email.html\"")
			.contains("href=\"/\"")
			.doesNotContain("Zelda");

		MockHttpServletResponse email = mvc.perform(get("/archive/" + id + "/email.html"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy", containsString("sandbox")))
			.andExpect(header().string("Content-Security-Policy", containsString("default-src 'none'")))
			.andReturn()
			.getResponse();
		String html = email.getContentAsString();
		assertThat(html).contains("Retinol, slowly " + run)
			.contains("href=\"https://blog.example.org/retinol-slowly-" + run)
			.contains("href=\"" + properties.link("/") + "\"")
			.contains("<base target=\"_top\">")
			.doesNotContain("Zelda")
			.doesNotContain(address)
			.doesNotContain("/unsubscribe/")
			.doesNotContain("/preferences/")
			.doesNotContain("/r/")
			.doesNotContain("/o/")
			.doesNotContain("/view/");
	}

	@Test
	void thePagesPassTheAccessibilitySmoke() throws Exception {
		long id = sent("Accessible " + UUID.randomUUID().toString().substring(0, 6), "Labels matter");
		String url = publish(id);
		for (String path : List.of("/archive", url.substring(url.indexOf("/archive/")))) {
			String html = page(path);
			assertThat(html).as(path)
				.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
				.contains("<html lang=\"en\">")
				.containsPattern("<h1>[^<]+")
				.doesNotContain("<script")
				.doesNotContain("style=\"");
			Matcher frame = Pattern.compile("<iframe[^>]*>").matcher(html);
			while (frame.find()) {
				assertThat(frame.group()).as("a frame's title").containsPattern("title=\"[^\"]+\"");
			}
			assertThat(html).as("every image has a text").doesNotContainPattern("<img(?![^>]*alt=)[^>]*>");
		}
	}

	@Test
	void draftsUnpublishedAndUnknownIssuesAreNotFoundAndOnlyASentCampaignIsPublished() throws Exception {
		long draft = campaign("Not yet " + UUID.randomUUID(), article("Draft article", OffsetDateTime.now()));
		mvc.perform(adminJson(post("/api/campaigns/" + draft + "/archive"), "{\"published\": true}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("DRAFT")));
		mvc.perform(post("/admin/campaigns/" + draft + "/archive").param("published", "true")
			.with(user("admin").roles("OWNER"))
			.with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(flash().attribute("flashKind", "error"))
			.andExpect(flash().attribute("flash", containsString("cannot be published")));
		for (String path : List.of("/archive/" + draft, "/archive/" + draft + "-not-yet",
				"/archive/" + draft + "/email.html", "/archive/987654321", "/archive/nothing", "/archive/1-<script>",
				"/archive?page=2")) {
			mvc.perform(get(path)).andExpect(status().isNotFound());
		}
		assertThat(page("/archive")).doesNotContain("Not yet");

		long id = sent("Published then not", "Sunscreen");
		String url = publish(id);
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/archive"), "{\"published\": true}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.archiveUrl").value(url));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM archived_issue WHERE campaign_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).as("published once, however often asked").isEqualTo(1);
		mvc.perform(get("/archive/" + id))
			.andExpect(status().isMovedPermanently())
			.andExpect(header().string("Location", "/archive/" + id + "-published-then-not"));

		mvc.perform(adminJson(post("/api/campaigns/" + id + "/archive"), "{\"published\": false}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.archiveUrl").isEmpty());
		mvc.perform(get("/archive/" + id + "-published-then-not")).andExpect(status().isNotFound());
		mvc.perform(get("/archive/" + id + "/email.html")).andExpect(status().isNotFound());
		assertThat(page("/archive")).doesNotContain("Published then not");

		mvc.perform(adminJson(post("/api/campaigns/" + id + "/archive"), "{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.published").exists());
	}

	@Test
	void aViewerCannotPublishAndTheCampaignPageCan() throws Exception {
		long id = sent("For editors", "Serums");
		// the campaign page's form for a VIEWER is walked by AccountsIntegrationTest
		mvc.perform(post("/api/campaigns/" + id + "/archive").with(user("viewer").roles("VIEWER"))
			.contentType("application/json")
			.content("{\"published\": true}")).andExpect(status().isForbidden());
		mvc.perform(get("/archive/" + id + "-for-editors")).andExpect(status().isNotFound());
		assertThat(adminPage(id)).contains("Publish in the archive");

		mvc.perform(post("/admin/campaigns/" + id + "/archive").param("published", "true")
			.with(user("admin").roles("OWNER"))
			.with(csrf())).andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flashKind", "ok"));
		page("/archive/" + id + "-for-editors");
		assertThat(adminPage(id)).contains("href=\"" + properties.link("/archive/" + id + "-for-editors") + "\"")
			.contains("Remove from the archive");

		mvc.perform(post("/admin/campaigns/" + id + "/archive").param("published", "false")
			.with(user("admin").roles("OWNER"))
			.with(csrf())).andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flashKind", "ok"));
		mvc.perform(get("/archive/" + id + "-for-editors")).andExpect(status().isNotFound());
	}

	String adminPage(long id) throws Exception {
		return mvc.perform(get("/admin/campaigns/" + id).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	@Test
	void theFeedIsRssWithEachIssueEscaped() throws Exception {
		long id = sent(SUBJECT, "Niacinamide");
		String url = publish(id);
		MockHttpServletResponse response = mvc.perform(get("/archive/feed.xml"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("application/rss+xml")))
			.andReturn()
			.getResponse();
		byte[] body = response.getContentAsByteArray();
		assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("<b>glow");
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		Document feed = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
		assertThat(feed.getDocumentElement().getTagName()).isEqualTo("rss");
		assertThat(feed.getDocumentElement().getAttribute("version")).isEqualTo("2.0");
		NodeList items = feed.getElementsByTagName("item");
		assertThat(items.getLength()).isEqualTo(1);
		Element item = (Element) items.item(0);
		assertThat(text(item, "title")).isEqualTo(SUBJECT_SHOWN);
		assertThat(text(item, "link")).isEqualTo(url);
		assertThat(text(item, "guid")).isEqualTo(url);
		assertThat(text(item, "description")).isEqualTo("What we read this week, <i>unfiltered</i>. Enjoy.");
		ZonedDateTime published = ZonedDateTime.parse(text(item, "pubDate"), DateTimeFormatter.RFC_1123_DATE_TIME);
		assertThat(Duration.between(published.toInstant(), clock.instant()).abs()).isLessThan(Duration.ofMinutes(1));
	}

	private static String text(Element item, String tag) {
		return item.getElementsByTagName(tag).item(0).getTextContent();
	}

	@Test
	void anUnchangedPageIsNotSentAgain() throws Exception {
		long id = sent("Cached " + UUID.randomUUID().toString().substring(0, 6), "Toners");
		String url = publish(id);
		for (String path : List.of("/archive", url.substring(url.indexOf("/archive/")), "/archive/feed.xml",
				"/archive/" + id + "/email.html")) {
			MockHttpServletResponse first = mvc.perform(get(path))
				.andExpect(status().isOk())
				.andExpect(header().string("Cache-Control", containsString("max-age=300")))
				.andExpect(header().string("Cache-Control", containsString("public")))
				.andExpect(header().doesNotExist("Set-Cookie"))
				.andReturn()
				.getResponse();
			String etag = first.getHeader("ETag");
			assertThat(etag).as(path).isNotBlank();
			mvc.perform(get(path).header("If-None-Match", etag))
				.andExpect(status().isNotModified())
				.andExpect(header().string("ETag", etag));
		}
		String before = mvc.perform(get("/archive")).andReturn().getResponse().getHeader("ETag");
		clock.advance(Duration.ofMinutes(5));
		publish(sent("Newer", "Masks"));
		mvc.perform(get("/archive").header("If-None-Match", before)).andExpect(status().isOk());
	}

	@Test
	void theSignUpPageShowsTheLatestThreeIssues() throws Exception {
		clock.advance(Duration.ofMinutes(5)); // what an earlier test showed is read again
		assertThat(page("/")).doesNotContain("See what you");
		String run = UUID.randomUUID().toString().substring(0, 6);
		for (int i = 1; i <= 4; i++) {
			publish(sent("Issue " + i + " " + run + " <i>", "Article " + i));
			clock.advance(Duration.ofHours(1));
		}
		String signUp = page("/");
		assertThat(signUp).contains("See what you’ll get")
			.contains("Issue 4 " + run + " &lt;i&gt;")
			.contains("Issue 3 " + run)
			.contains("Issue 2 " + run)
			.doesNotContain("Issue 1 " + run)
			.contains("href=\"/archive\"");
		assertThat(signUp.indexOf("Issue 4 " + run)).as("newest first").isLessThan(signUp.indexOf("Issue 2 " + run));
	}

}
