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

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * Topics (issue 15, first part): the admin defines them, readers choose some when they
 * sign up (none: everything), and a campaign for a topic reaches the readers who chose it
 * and those who chose none, and nobody else.
 */
// a database of its own: each campaign here goes to every confirmed reader it holds
@TestPropertySource(properties = "glowletter.subscription.purge-interval=1d")
class TopicsIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void theAdminDefinesTopicsAndBadOnesAreRefusedWithTheFieldNamed() throws Exception {
		long hair = topic("Hair " + UUID.randomUUID().toString().substring(0, 6));
		mvc.perform(get("/api/topics/" + hair).with(admin())).andExpect(status().isOk());

		mvc.perform(
				post("/api/topics").with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.name").exists());
		String name = JSON.readTree(
				mvc.perform(get("/api/topics/" + hair).with(admin())).andReturn().getResponse().getContentAsString())
			.get("name")
			.asString();
		mvc.perform(post("/api/topics").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"" + name.toUpperCase() + "\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.name").value("There is a topic of that name already."));
		mvc.perform(get("/api/topics/999999").with(admin())).andExpect(status().isNotFound());
		mvc.perform(get("/api/topics")).andExpect(status().isUnauthorized());
	}

	@Test
	void aReaderChoosesTopicsWhenSigningUpAndAnUnknownTopicIsRefusedWithNothingStored() throws Exception {
		long skin = topic("Skin care " + UUID.randomUUID().toString().substring(0, 6));

		signUp("chooser@example.com", List.of(skin)).andExpect(status().isAccepted());
		assertThat(topicsOf("chooser@example.com")).containsExactly(skin);
		long chooser = jdbc.sql("SELECT id FROM subscriber WHERE email = 'chooser@example.com'")
			.query(Long.class)
			.single();
		String name = JSON.readTree(
				mvc.perform(get("/api/topics/" + skin).with(admin())).andReturn().getResponse().getContentAsString())
			.get("name")
			.asString();
		mvc.perform(get("/admin/subscribers/" + chooser).with(admin()))
			.andExpect(content().string(containsString("<dd id=\"reader-topics\">" + name + "</dd>")));

		signUp("wrong.topic@example.com", List.of(skin, 987654L)).andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.topics").value("These topics do not exist: [987654]."));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = 'wrong.topic@example.com'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void theSignUpPageOffersTheTopicsAndKeepsTheTicked() throws Exception {
		long makeUp = topic("Make-up " + UUID.randomUUID().toString().substring(0, 6));
		mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("name=\"topics\" type=\"checkbox\" value=\"" + makeUp + "\"")));

		mvc.perform(post("/subscribe").with(csrf())
			.param("email", "form.chooser@example.com")
			.param("consent", "true")
			.param("topics", Long.toString(makeUp))).andExpect(status().is3xxRedirection());
		assertThat(topicsOf("form.chooser@example.com")).containsExactly(makeUp);
	}

	@Test
	void aConfirmedReadersTopicsDoNotChangeFromASignUpFormAnyoneCanFillIn() throws Exception {
		long reviews = topic("Reviews " + UUID.randomUUID().toString().substring(0, 6));
		Readers.confirmed(jdbc, "settled@example.com", null);
		signUp("settled@example.com", List.of(reviews)).andExpect(status().isAccepted());
		assertThat(topicsOf("settled@example.com")).isEmpty();
	}

	@Test
	void aCampaignForATopicReachesItsReadersAndThoseWhoChoseNothingButNoOneElse() throws Exception {
		long hair = topic("Hair only " + UUID.randomUUID().toString().substring(0, 6));
		long skin = topic("Skin only " + UUID.randomUUID().toString().substring(0, 6));
		long hairReader = Readers.confirmed(jdbc, "hair.reader@example.com", null);
		long skinReader = Readers.confirmed(jdbc, "skin.reader@example.com", null);
		Readers.confirmed(jdbc, "everything.reader@example.com", null);
		choose(hairReader, hair);
		choose(skinReader, skin);

		long campaign = campaign("For hair", List.of(hair));
		sendNow(campaign);

		assertThat(awaitMails("hair.reader@example.com", 1)).hasSize(1);
		// each copy's footer links to its own reader's preference page
		String copy = GreenMailUtil.getBody(mailsTo("hair.reader@example.com").get(0)).replace("=\r\n", "");
		Matcher unsubscribe = Pattern.compile("/unsubscribe/([A-Za-z0-9_-]+)").matcher(copy);
		assertThat(unsubscribe.find()).isTrue();
		assertThat(copy).contains("/preferences/" + unsubscribe.group(1));
		assertThat(awaitMails("everything.reader@example.com", 1)).hasSize(1);
		assertThat(mailsTo("skin.reader@example.com")).isEmpty();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
			.params(campaign, skinReader)
			.query(Integer.class)
			.single()).isZero();
		mvc.perform(get("/api/campaigns/" + campaign).with(admin())).andExpect(jsonPath("$.topicIds[0]").value(hair));

		// a topic a campaign is for cannot go: the campaign would go to everyone
		mvc.perform(delete("/api/topics/" + hair).with(admin())).andExpect(status().isConflict());
	}

	@Test
	void aCampaignForAnUnknownTopicIsRefused() throws Exception {
		mvc.perform(post("/api/campaigns").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"subject\": \"Nobody\", \"intro\": \"Hello\", \"topicIds\": [424242]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.topicIds").value("These topics do not exist: [424242]."));
	}

	@Test
	void deletingATopicLeavesItsReadersTheirOtherTopics() throws Exception {
		long gone = topic("Gone " + UUID.randomUUID().toString().substring(0, 6));
		long kept = topic("Kept " + UUID.randomUUID().toString().substring(0, 6));
		long reader = Readers.confirmed(jdbc, "two.topics@example.com", null);
		choose(reader, gone);
		choose(reader, kept);

		mvc.perform(delete("/api/topics/" + gone).with(admin())).andExpect(status().isNoContent());
		assertThat(topicsOf("two.topics@example.com")).containsExactly(kept);
		mvc.perform(delete("/api/topics/" + gone).with(admin())).andExpect(status().isNotFound());
	}

	@Test
	void theTopicsPageAddsListsAndRefusesANamelessTopicNextToTheField() throws Exception {
		String name = "Nails " + UUID.randomUUID().toString().substring(0, 6);
		mvc.perform(post("/admin/topics").with(admin()).with(csrf()).param("name", name).param("description", "Polish"))
			.andExpect(status().is3xxRedirection());
		mvc.perform(get("/admin/topics").with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"" + name + "\"")));

		mvc.perform(post("/admin/topics").with(admin()).with(csrf()).param("name", " "))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("aria-describedby=\"name-error\"")))
			.andExpect(content().string(containsString("Name the topic")));
	}

	@Test
	void theCampaignEditorKeepsTheTopicsAndTheCampaignPageSaysWhoItIsFor() throws Exception {
		String name = "Editor topic " + UUID.randomUUID().toString().substring(0, 6);
		long topic = topic(name);
		long campaign = campaign("Edited in the page", List.of());

		mvc.perform(get("/admin/campaigns/" + campaign + "/edit").with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("name=\"topicIds\" value=\"" + topic + "\"")));
		long article = JSON
			.readTree(mvc.perform(get("/api/campaigns/" + campaign).with(admin()))
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("articleIds")
			.get(0)
			.asLong();
		mvc.perform(post("/admin/campaigns/" + campaign).with(admin())
			.with(csrf())
			.param("subject", "Edited in the page")
			.param("template", "digest")
			.param("articleIds", Long.toString(article))
			.param("topicIds", Long.toString(topic))).andExpect(status().is3xxRedirection());

		mvc.perform(get("/api/campaigns/" + campaign).with(admin())).andExpect(jsonPath("$.topicIds[0]").value(topic));
		mvc.perform(get("/admin/campaigns/" + campaign).with(admin()))
			.andExpect(content().string(containsString("For the readers of " + name)));
	}

	// --- helpers ---

	private long topic(String name) throws Exception {
		return JSON.readTree(mvc
			.perform(post("/api/topics").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(Map.of("name", name, "description", "About " + name))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();
	}

	private ResultActions signUp(String email, List<Long> topics) throws Exception {
		return mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(Map.of("email", email, "consent", true, "topics", topics))));
	}

	private List<Long> topicsOf(String email) {
		return jdbc.sql("""
				SELECT st.topic_id FROM subscriber_topic st JOIN subscriber s ON s.id = st.subscriber_id
				WHERE s.email = ? ORDER BY st.topic_id""").param(email).query(Long.class).list();
	}

	private void choose(long reader, long topic) {
		jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)").params(reader, topic).update();
	}

	private long campaign(String subject, List<Long> topicIds) throws Exception {
		return CampaignsApi.campaign(mvc, Map.of("subject", subject, "articleIds",
				List.of(CampaignsApi.article(mvc, subject + " explained")), "topicIds", topicIds));
	}

	private void sendNow(long id) throws Exception {
		CampaignsApi.sendNow(mvc, jdbc, context, id);
	}

}
