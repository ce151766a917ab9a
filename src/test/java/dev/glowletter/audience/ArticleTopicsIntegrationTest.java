package dev.glowletter.audience;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.campaign.internal.CampaignPoller;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Articles carry topics (issue 15): chosen in the editor, or given by a tag that is the
 * topic's name or one of its tags (a feed's categories are its articles' tags); a digest
 * for a topic takes only its new articles and goes to the readers who chose it or chose
 * nothing.
 */
// a database of its own: the digest's edition goes to every confirmed reader it holds
@TestPropertySource(properties = "glowletter.subscription.purge-interval=2d")
class ArticleTopicsIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void anArticleIsInTheTopicsItsEditorChoseAndThoseItsTagsGiveIt() throws Exception {
		String hairName = unique("Hair");
		long hair = topic(hairName, List.of(" Hair Loss ", "microneedling", "hair loss"));
		String skinName = unique("Skin");
		long skin = topic(skinName, List.of());
		mvc.perform(get("/api/topics/" + hair).with(admin()))
			.andExpect(jsonPath("$.tags[0]").value("hair loss"))
			.andExpect(jsonPath("$.tags[1]").value("microneedling"))
			.andExpect(jsonPath("$.tags.length()").value(2));

		// a tag of the topic, in other case, as a feed's category would give it
		JsonNode byTopicTag = article(Map.of("tags", List.of("HAIR LOSS")));
		assertThat(names(byTopicTag.get("topics"))).containsExactly(hairName);
		assertThat(byTopicTag.get("topicIds")).isEmpty();
		// the topic's own name as a tag
		JsonNode byName = article(Map.of("tags", List.of(skinName.toLowerCase())));
		assertThat(names(byName.get("topics"))).containsExactly(skinName);
		// chosen by the editor, with no tag of either
		JsonNode chosen = article(Map.of("tags", List.of("news"), "topicIds", List.of(skin)));
		assertThat(names(chosen.get("topics"))).containsExactly(skinName);
		assertThat(chosen.get("topicIds").get(0).asLong()).isEqualTo(skin);
		JsonNode neither = article(Map.of("tags", List.of("news")));
		assertThat(neither.get("topics")).isEmpty();

		// a topic's tags changed later: the articles follow, nothing to re-save
		mvc.perform(post("/admin/topics/" + hair).with(admin())
			.with(csrf())
			.param("name", hairName)
			.param("position", "1")
			.param("tags", "news")).andExpect(status().is3xxRedirection());
		mvc.perform(get("/api/articles/" + neither.get("id").asLong()).with(admin()))
			.andExpect(jsonPath("$.topics[0]").value(hairName));
		mvc.perform(get("/api/articles/" + byTopicTag.get("id").asLong()).with(admin()))
			.andExpect(jsonPath("$.topics.length()").value(0));
	}

	@Test
	void unknownTopicsOrBadTagsAreRefusedWithTheFieldNamedAndNothingStored() throws Exception {
		String url = "https://blog.example.org/" + UUID.randomUUID();
		mvc.perform(post("/api/articles").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(Map.of("title", "Nowhere", "url", url, "topicIds", List.of(987654)))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.topicIds").value("do not exist: [987654]"));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM article WHERE url = ?").param(url).query(Integer.class).single())
			.isZero();

		List<String> many = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			many.add("tag " + i);
		}
		String name = unique("Crowded");
		mvc.perform(post("/api/topics").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(Map.of("name", name, "tags", many))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.tags").value("A topic has at most 20 tags."));
		mvc.perform(post("/api/topics").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(Map.of("name", name, "tags", List.of("line\nbreak")))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.tags").exists());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM topic WHERE name = ?").param(name).query(Integer.class).single())
			.isZero();

		mvc.perform(post("/api/digests").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(Map.of("name", "Nowhere digest", "cron", "0 9 * * MON", "timeZone", "UTC",
					"subjectPattern", "Digest {date}", "topicIds", List.of(424242)))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.topicIds").value("These topics do not exist: [424242]."));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM digest WHERE name = 'Nowhere digest'").query(Integer.class).single())
			.isZero();
	}

	@Test
	void aDigestForATopicTakesItsNewArticlesAndGoesToItsReadersAndThoseWhoChoseNothing() throws Exception {
		String hairName = unique("Hair digest");
		long hair = topic(hairName, List.of("scalp"));
		long skin = topic(unique("Skin digest"), List.of());
		long taggedHair = article(Map.of("tags", List.of(hairName))).get("id").asLong();
		long scalp = article(Map.of("tags", List.of("Scalp"))).get("id").asLong();
		long chosenHair = article(Map.of("topicIds", List.of(hair))).get("id").asLong();
		long skinOnly = article(Map.of("topicIds", List.of(skin))).get("id").asLong();
		long untagged = article(Map.of()).get("id").asLong();
		long hairReader = Readers.confirmed(jdbc, "digest.hair@example.com", null);
		long skinReader = Readers.confirmed(jdbc, "digest.skin@example.com", null);
		Readers.confirmed(jdbc, "digest.everything@example.com", null);
		choose(hairReader, hair);
		choose(skinReader, skin);

		long digest = JSON.readTree(mvc
			.perform(post("/api/digests").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(Map.of("name", "Hair weekly", "cron", "0 9 * * MON", "timeZone", "UTC",
						"subjectPattern", "Hair news {date}", "maxArticles", 10, "since",
						OffsetDateTime.now().minusDays(3).toString(), "topicIds", List.of(hair)))))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.topicIds[0]").value(hair))
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();

		JsonNode run = JSON.readTree(mvc.perform(post("/api/digests/" + digest + "/run").with(admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(run.get("outcome").asString()).isEqualTo("CREATED");
		long edition = run.get("campaignId").asLong();
		JsonNode campaign = JSON.readTree(mvc.perform(get("/api/campaigns/" + edition).with(admin()))
			.andReturn()
			.getResponse()
			.getContentAsString());
		List<Long> articles = new ArrayList<>();
		campaign.get("articleIds").forEach(id -> articles.add(id.asLong()));
		assertThat(articles).containsExactlyInAnyOrder(taggedHair, scalp, chosenHair)
			.doesNotContain(skinOnly, untagged);
		assertThat(campaign.get("topicIds").get(0).asLong()).isEqualTo(hair);

		CampaignPoller poller = new CampaignPoller(context);
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			poller.tick();
			return "SENT".equals(
					jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(edition).query(String.class).single());
		});
		assertThat(awaitMails("digest.hair@example.com", 1)).hasSize(1);
		assertThat(awaitMails("digest.everything@example.com", 1)).hasSize(1);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
			.params(edition, skinReader)
			.query(Integer.class)
			.single()).isZero();

		// nothing new in the topic: the next run skips and says why
		mvc.perform(post("/api/digests/" + digest + "/run").with(admin()))
			.andExpect(jsonPath("$.outcome").value("SKIPPED"))
			.andExpect(jsonPath("$.reason").value(containsString("in its topics")));
		// a topic its editions are for cannot go, nor one a digest is for
		mvc.perform(delete("/api/topics/" + hair).with(admin())).andExpect(status().isConflict());
		mvc.perform(
				post("/api/digests").with(admin())
					.contentType(MediaType.APPLICATION_JSON)
					.content(JSON.writeValueAsString(Map.of("name", "Skin weekly", "cron", "0 9 * * MON", "timeZone",
							"UTC", "subjectPattern", "Skin news {date}", "topicIds", List.of(skin)))))
			.andExpect(status().isCreated());
		mvc.perform(delete("/api/topics/" + skin).with(admin()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("Digests [")));
	}

	@Test
	void theEditorsOfferTheTopicsAndKeepWhatWasTicked() throws Exception {
		String name = unique("Make-up");
		long topic = topic(name, List.of());
		String url = "https://blog.example.org/" + UUID.randomUUID();
		mvc.perform(get("/admin/articles/new").with(admin()))
			.andExpect(content().string(containsString("name=\"topicIds\" value=\"" + topic + "\"")));
		mvc.perform(post("/admin/articles").with(admin())
			.with(csrf())
			.param("title", "Lipstick that lasts")
			.param("url", url)
			.param("topicIds", Long.toString(topic))).andExpect(status().is3xxRedirection());
		long article = jdbc.sql("SELECT id FROM article WHERE url = ?").param(url).query(Long.class).single();
		mvc.perform(get("/api/articles/" + article).with(admin())).andExpect(jsonPath("$.topicIds[0]").value(topic));
		mvc.perform(get("/admin/articles/" + article).with(admin()))
			.andExpect(content().string(containsString("value=\"" + topic + "\" id=\"topic-" + topic + "\" checked")));
		// a forged topic id in the form: the form again, the field marked, nothing
		// changed
		mvc.perform(post("/admin/articles/" + article).with(admin())
			.with(csrf())
			.param("title", "Lipstick that lasts")
			.param("url", url)
			.param("topicIds", "777777"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("These topics do not exist: [777777].")));
		mvc.perform(get("/api/articles/" + article).with(admin())).andExpect(jsonPath("$.topicIds[0]").value(topic));

		mvc.perform(post("/admin/digests").with(admin())
			.with(csrf())
			.param("name", "Make-up monthly")
			.param("cron", "0 9 1 * *")
			.param("timeZone", "UTC")
			.param("template", "digest")
			.param("subjectPattern", "Make-up {date}")
			.param("maxArticles", "5")
			.param("topicIds", Long.toString(topic))).andExpect(status().is3xxRedirection());
		long digest = jdbc.sql("SELECT id FROM digest WHERE name = 'Make-up monthly'").query(Long.class).single();
		mvc.perform(get("/admin/digests/" + digest).with(admin()))
			.andExpect(content().string(containsString("value=\"" + topic + "\" id=\"topic-" + topic + "\" checked")));
	}

	// --- helpers ---

	private static String unique(String name) {
		return name + " " + UUID.randomUUID().toString().substring(0, 6);
	}

	private long topic(String name, List<String> tags) throws Exception {
		return JSON.readTree(mvc
			.perform(post("/api/topics").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(Map.of("name", name, "tags", tags))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();
	}

	/** A published article of these extra fields (tags, topicIds); returns its view. */
	private JsonNode article(Map<String, Object> extra) throws Exception {
		Map<String, Object> fields = new HashMap<>(extra);
		fields.put("title", unique("Article"));
		fields.put("url", "https://blog.example.org/" + UUID.randomUUID());
		fields.put("publishedAt", OffsetDateTime.now().minusDays(1).toString());
		fields.put("body", "<p>Read on.</p>");
		return JSON.readTree(mvc
			.perform(post("/api/articles").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(fields)))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach(node -> names.add(node.asString()));
		return names;
	}

	private void choose(long reader, long topic) {
		jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)").params(reader, topic).update();
	}

}
