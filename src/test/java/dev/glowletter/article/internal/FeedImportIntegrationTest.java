package dev.glowletter.article.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import dev.glowletter.AdminApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.audience.Topic;
import dev.glowletter.audience.Topics;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Feeds served by a local HTTP server: good RSS and Atom, a malformed one, a changed one.
 */
// the test's feeds are served on 127.0.0.1
@TestPropertySource(properties = "glowletter.article.feed-private-hosts=true")
class FeedImportIntegrationTest extends IntegrationTest {

	@Autowired
	StoredArticles articles;

	@Autowired
	FeedImport feedImport;

	@Autowired
	Topics topics;

	private HttpServer server;

	private final Map<String, String> documents = new ConcurrentHashMap<>();

	private final String blog = "https://blog-" + UUID.randomUUID().toString().substring(0, 8) + ".example/";

	@BeforeEach
	void serveFeeds() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			String path = exchange.getRequestURI().getPath();
			if (path.equals("/slow.xml")) {
				try {
					Thread.sleep(3000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			String document = documents.get(path);
			byte[] body = document == null ? "not here".getBytes(StandardCharsets.UTF_8)
					: document.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
			try {
				exchange.sendResponseHeaders(document == null ? 404 : 200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
			catch (IOException clientGone) {
				// the importer gave up on a slow or huge answer
			}
		});
		server.start();
	}

	@AfterEach
	void stopServer() {
		server.stop(0);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	private String rss(String firstTitle, String firstBody) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
				<channel><title>Beauty blog</title><link>%1$s</link><description>Tips</description>
				<item>
				  <title>%2$s</title>
				  <link>%1$smicroneedling</link>
				  <guid isPermaLink="false">post-1</guid>
				  <pubDate>Mon, 03 Mar 2025 08:00:00 +0100</pubDate>
				  <author>amara@blog.example (Amara)</author>
				  <category>microneedling</category><category>hair</category>
				  <description>What the &lt;b&gt;evidence&lt;/b&gt; says.</description>
				  <content:encoded><![CDATA[%3$s]]></content:encoded>
				  <enclosure url="%1$simg/needles.jpg" length="1234" type="image/jpeg"/>
				</item>
				<item>
				  <title>Aftercare</title>
				  <link>%1$saftercare</link>
				  <pubDate>Wed, 16 Apr 2025 09:30:00 +0200</pubDate>
				  <description>&lt;p&gt;Keep it clean &amp;amp; calm.&lt;/p&gt;</description>
				</item>
				</channel></rss>
				""".formatted(blog, firstTitle, firstBody);
	}

	private String atom() {
		return """
				<?xml version="1.0" encoding="utf-8"?>
				<feed xmlns="http://www.w3.org/2005/Atom">
				  <title>Beauty blog</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
				  <updated>2025-05-05T07:00:00Z</updated>
				  <entry>
				    <title>Skin-care basics</title>
				    <link href="%1$sskin-care-basics"/>
				    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
				    <updated>2025-05-05T07:00:00Z</updated>
				    <published>2025-05-05T07:00:00+01:00</published>
				    <author><name>Priya</name></author>
				    <category term="skin care"/>
				    <content type="html">&lt;p&gt;Cleanser, moisturiser, sunscreen.&lt;/p&gt;</content>
				  </entry>
				</feed>
				""".formatted(blog);
	}

	private long register(String path) throws Exception {
		String body = mvc
			.perform(post("/api/feeds").with(AdminApi.admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"url\":\"" + url(path) + "\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
	}

	private void pollNow(long id, String expectedResult) throws Exception {
		mvc.perform(post("/api/feeds/" + id + "/poll").with(AdminApi.admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.lastResult").value(expectedResult));
	}

	private Optional<ArticleContent> article(String path) {
		return articles.findByUrl(blog + path).map(Article::content);
	}

	@Test
	void goodRssFeedImportsEveryItemWithItsFields() throws Exception {
		documents.put("/rss.xml", rss("Microneedling for hair", "<p>Tiny wounds, new hair.</p>"));
		long feed = register("/rss.xml");
		pollNow(feed, "OK");

		ArticleContent first = article("microneedling").orElseThrow();
		assertThat(first.title()).isEqualTo("Microneedling for hair");
		assertThat(first.body()).isEqualTo("<p>Tiny wounds, new hair.</p>");
		assertThat(first.excerpt()).isEqualTo("What the evidence says.");
		assertThat(first.tags()).containsExactly("microneedling", "hair");
		assertThat(first.imageUrl()).isEqualTo(blog + "img/needles.jpg");
		assertThat(first.publishedAt().toInstant()).isEqualTo(Instant.parse("2025-03-03T07:00:00Z"));
		assertThat(article("aftercare").orElseThrow().excerpt()).isEqualTo("Keep it clean & calm.");
	}

	@Test
	void goodAtomFeedImportsItsEntries() throws Exception {
		documents.put("/atom.xml", atom());
		pollNow(register("/atom.xml"), "OK");

		ArticleContent entry = article("skin-care-basics").orElseThrow();
		assertThat(entry.title()).isEqualTo("Skin-care basics");
		assertThat(entry.excerpt()).isEqualTo("Cleanser, moisturiser, sunscreen.");
		assertThat(entry.author()).isEqualTo("Priya");
		assertThat(entry.tags()).containsExactly("skin care");
	}

	@Test
	void aFeedsCategoriesMapToTheTopicsThatListThem() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 6);
		Topic scalp = topics.create(new Topics.Input("Scalp " + suffix, null, null, List.of("Microneedling")));
		Topic skin = topics.create(new Topics.Input("Skin care " + suffix, null, null, List.of("skin care")));
		documents.put("/mapped.xml", rss("Microneedling for hair", "<p>Tiny wounds, new hair.</p>"));
		documents.put("/mapped-atom.xml", atom());
		pollNow(register("/mapped.xml"), "OK");
		pollNow(register("/mapped-atom.xml"), "OK");

		long hairArticle = articles.findByUrl(blog + "microneedling").orElseThrow().id();
		long skinArticle = articles.findByUrl(blog + "skin-care-basics").orElseThrow().id();
		assertThat(topics.ofArticles(List.of(hairArticle)).get(hairArticle)).containsExactly(scalp);
		assertThat(topics.ofArticles(List.of(skinArticle)).get(skinArticle)).containsExactly(skin);
		assertThat(topics.articlesInAny(List.of(skin.id()), List.of(hairArticle, skinArticle)))
			.containsExactly(skinArticle);
	}

	@Test
	void pollingTwiceImportsNothingTwice() throws Exception {
		documents.put("/rss.xml", rss("Microneedling for hair", "<p>Body</p>"));
		long feed = register("/rss.xml");
		pollNow(feed, "OK");
		long count = articles.count();
		pollNow(feed, "OK");
		assertThat(articles.count()).isEqualTo(count);
		assertThat(feedImport.list()).filteredOn(f -> f.id() == feed)
			.singleElement()
			.satisfies(f -> assertThat(f.lastMessage()).contains("0 new").contains("2 unchanged"));
	}

	@Test
	void changedItemUpdatesItsArticleMatchedByGuid() throws Exception {
		documents.put("/rss.xml", rss("Microneedling for hair", "<p>First version.</p>"));
		long feed = register("/rss.xml");
		pollNow(feed, "OK");
		Long id = articles.findByUrl(blog + "microneedling").orElseThrow().id();

		documents.put("/rss.xml", rss("Microneedling for hair: updated", "<p>Second version.</p>"));
		pollNow(feed, "OK");

		Article updated = articles.findById(id).orElseThrow();
		assertThat(updated.content().title()).isEqualTo("Microneedling for hair: updated");
		assertThat(updated.content().body()).isEqualTo("<p>Second version.</p>");
		assertThat(feedImport.list()).filteredOn(f -> f.id() == feed)
			.singleElement()
			.satisfies(f -> assertThat(f.lastMessage()).contains("1 updated"));
	}

	@Test
	void malformedFeedIsRecordedAsFailedAndImportsNothing() throws Exception {
		long before = articles.count();
		documents.put("/broken.xml", rss("Half", "<p>x</p>").substring(0, 900));
		long feed = register("/broken.xml");
		mvc.perform(post("/api/feeds/" + feed + "/poll").with(AdminApi.admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.lastResult").value("FAILED"))
			.andExpect(jsonPath("$.consecutiveFailures").value(1))
			.andExpect(jsonPath("$.lastMessage").value(Matchers.containsString("not an RSS or Atom feed")));
		assertThat(articles.count()).isEqualTo(before);

		// fixed later: the next poll imports it
		documents.put("/broken.xml", rss("Whole", "<p>x</p>"));
		pollNow(feed, "OK");
		assertThat(article("microneedling")).isPresent();
	}

	@Test
	void feedThatIsDownOrMissingIsRecordedAsFailed() throws Exception {
		long feed = register("/missing.xml");
		mvc.perform(post("/api/feeds/" + feed + "/poll").with(AdminApi.admin()))
			.andExpect(jsonPath("$.lastResult").value("FAILED"))
			.andExpect(jsonPath("$.lastMessage").value(Matchers.containsString("HTTP 404")));
	}

	@Test
	void feedListShowsTheLastPollAndAFeedCanBeDeleted() throws Exception {
		documents.put("/atom.xml", atom());
		long feed = register("/atom.xml");
		pollNow(feed, "OK");
		mvc.perform(get("/api/feeds").with(AdminApi.admin()))
			.andExpect(jsonPath("$[?(@.id == " + feed + ")].lastResult").value("OK"));
		mvc.perform(delete("/api/feeds/" + feed).with(AdminApi.admin())).andExpect(status().isNoContent());
		assertThat(article("skin-care-basics")).isPresent();
	}

	@Test
	void registeringANonHttpUrlIsA400AndTwiceIsA409() throws Exception {
		mvc.perform(post("/api/feeds").with(AdminApi.admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"url\":\"file:///etc/passwd\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.url").exists());
		register("/twice.xml");
		mvc.perform(post("/api/feeds").with(AdminApi.admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"url\":\"" + url("/twice.xml") + "\"}")).andExpect(status().isConflict());
	}

}
