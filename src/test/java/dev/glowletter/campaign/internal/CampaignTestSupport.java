package dev.glowletter.campaign.internal;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.util.Map;

import dev.glowletter.AdminApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.campaign.CampaignStatus;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What campaign tests share: an empty list to start from, articles and readers made in
 * one line.
 */
abstract class CampaignTestSupport extends IntegrationTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CampaignScheduler scheduler;

	@BeforeEach
	void emptyLists() {
		for (String table : new String[] { "outbox_message", "digest_run", "digest_article", "digest",
				"campaign_article", "campaign", "subscriber", "article_tag", "article" }) {
			jdbc.sql("DELETE FROM " + table).update();
		}
	}

	/** An admin API call. */
	static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
		return request.with(AdminApi.admin());
	}

	static MockHttpServletRequestBuilder adminJson(MockHttpServletRequestBuilder request, String json) {
		return admin(request).contentType(MediaType.APPLICATION_JSON).content(json);
	}

	long article(String title, OffsetDateTime publishedAt) throws Exception {
		String json = JSON.writeValueAsString(Map.of("title", title, "url",
				"https://blog.example.org/" + title.toLowerCase().replaceAll("[^a-z0-9]+", "-"), "publishedAt",
				publishedAt.toString(), "body", "<p>" + title + " explained, with what the evidence says.</p>"));
		String created = mvc.perform(adminJson(post("/api/articles"), json))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JSON.readTree(created).get("id").asLong();
	}

	long campaign(String subject, long... articleIds) throws Exception {
		String json = JSON.writeValueAsString(Map.of("subject", subject, "articleIds", articleIds));
		return json(mvc.perform(adminJson(post("/api/campaigns"), json))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();
	}

	static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	CampaignStatus campaignStatus(long campaignId) {
		return CampaignStatus.valueOf(
				jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(campaignId).query(String.class).single());
	}

	/**
	 * The campaign's delivery state as the table on {@link Campaign} writes it, e.g.
	 * "none" or "PAUSED by ADMIN".
	 */
	String deliveryState(long campaignId) {
		return jdbc.sql("SELECT state, paused_by FROM delivery_campaign WHERE campaign_id = ?")
			.param(campaignId)
			.query((rs, row) -> {
				String pausedBy = rs.getString("paused_by");
				return rs.getString("state") + (pausedBy == null ? "" : " by " + pausedBy);
			})
			.optional()
			.orElse("none");
	}

}
