package dev.glowletter;

import static dev.glowletter.AdminApi.admin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.glowletter.campaign.internal.CampaignPoller;
import org.awaitility.Awaitility;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixtures: articles and campaigns made through the admin API as an admin would, and
 * a campaign sent now, waited for until it is SENT.
 */
public final class CampaignsApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private CampaignsApi() {
	}

	/** A published article with a unique address; returns its id. */
	public static long article(MockMvc mvc, String title) throws Exception {
		return article(mvc, title, List.of());
	}

	/** A published article in these topics, with a unique address; returns its id. */
	public static long article(MockMvc mvc, String title, List<Long> topicIds) throws Exception {
		String body = JSON.writeValueAsString(Map.of("title", title, "url",
				"https://blog.example.org/" + UUID.randomUUID(), "publishedAt",
				OffsetDateTime.now().minusDays(1).toString(), "body", "<p>" + title + ".</p>", "topicIds", topicIds));
		return created(mvc, "/api/articles", body);
	}

	/** A topic of this name; returns its id. */
	public static long topic(MockMvc mvc, String name) throws Exception {
		return created(mvc, "/api/topics", JSON.writeValueAsString(Map.of("name", name)));
	}

	/**
	 * A draft campaign of these fields (subject, articleIds, topicIds, ...); returns its
	 * id.
	 */
	public static long campaign(MockMvc mvc, Map<String, Object> fields) throws Exception {
		return created(mvc, "/api/campaigns", JSON.writeValueAsString(fields));
	}

	/** Schedules the campaign now and runs the poller until it is SENT (20 s at most). */
	public static void sendNow(MockMvc mvc, JdbcClient jdbc, ApplicationContext context, long id) throws Exception {
		mvc.perform(post("/api/campaigns/" + id + "/schedule").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"now\": true}")).andExpect(status().isOk());
		CampaignPoller poller = new CampaignPoller(context);
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			poller.tick();
			return "SENT"
				.equals(jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(id).query(String.class).single());
		});
	}

	private static long created(MockMvc mvc, String path, String body) throws Exception {
		return JSON
			.readTree(mvc.perform(post(path).with(admin()).contentType(MediaType.APPLICATION_JSON).content(body))
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("id")
			.asLong();
	}

}
