package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.glowletter.Readers;
import dev.glowletter.campaign.CampaignStatus;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class CampaignApiIntegrationTest extends CampaignTestSupport {

	@Test
	void createdCampaignIsADraftWithItsArticlesInOrder() throws Exception {
		long a = article("Microneedling basics", OffsetDateTime.now().minusDays(2));
		long b = article("Minoxidil and microneedling", OffsetDateTime.now().minusDays(1));
		long id = campaign("Your beauty news", b, a);
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRAFT"))
			.andExpect(jsonPath("$.articleIds[0]").value(b))
			.andExpect(jsonPath("$.articleIds[1]").value(a))
			.andExpect(jsonPath("$.createdBy").value("admin"));
	}

	@Test
	void campaignApiNeedsAdminCredentials() throws Exception {
		mvc.perform(get("/api/campaigns")).andExpect(status().isUnauthorized());
	}

	@Test
	void emptySubjectIsRefusedNamingTheField() throws Exception {
		mvc.perform(adminJson(post("/api/campaigns"), "{\"subject\": \"  \", \"articleIds\": []}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.errors.subject").value("The subject cannot be empty."));
	}

	@Test
	void schedulingInThePastIsRefusedWithTheReason() throws Exception {
		long id = campaign("Hello", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"sendAt\": \"2020-01-01T09:00\", \"timeZone\": \"Europe/Paris\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.sendAt").value(containsString("is in the past")));
		assertThat(campaignStatus(id)).isEqualTo(CampaignStatus.DRAFT);
	}

	@Test
	void schedulingWithAnUnknownZoneIsRefused() throws Exception {
		long id = campaign("Hello", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"sendAt\": \"2099-01-01T09:00\", \"timeZone\": \"Mars/Olympus\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.timeZone").value(containsString("Mars/Olympus")));
	}

	@Test
	void schedulingWithAMissingArticleIsRefusedNamingIt() throws Exception {
		long id = campaign("Hello", 987654L);
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.articleIds").value(containsString("987654")));
	}

	@Test
	void schedulingASubjectThatDoesNotRenderNamesTheTemplateProblem() throws Exception {
		long id = campaign("Hello ${subscriber.", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.template").exists());
	}

	@Test
	void localSendTimeIsStoredAsTheInstantOfItsZone() throws Exception {
		long id = campaign("Hello", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"sendAt\": \"2099-07-01T09:00\", \"timeZone\": \"Europe/Paris\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SCHEDULED"))
			.andExpect(jsonPath("$.scheduledAt").value("2099-07-01T07:00:00Z"))
			.andExpect(jsonPath("$.scheduledAtLocal").value("2099-07-01T09:00:00"));
	}

	@Test
	void sentCampaignCannotBeScheduledAgain() throws Exception {
		Readers.confirmed(jdbc, "one@example.org", "One");
		long id = campaign("Hello", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
		scheduler.tick();
		awaitMails("one@example.org", 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			scheduler.tick();
			return campaignStatus(id) == CampaignStatus.SENT;
		});
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("Campaign " + id + " is SENT and cannot be scheduled."));
	}

	@Test
	void onlyADraftCanBeEdited() throws Exception {
		long id = campaign("Hello", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"sendAt\": \"2099-07-01T09:00\", \"timeZone\": \"UTC\"}"))
			.andExpect(status().isOk());
		mvc.perform(adminJson(put("/api/campaigns/" + id), "{\"subject\": \"Changed\"}"))
			.andExpect(status().isConflict());
		mvc.perform(admin(post("/api/campaigns/" + id + "/unschedule"))).andExpect(jsonPath("$.status").value("DRAFT"));
		mvc.perform(adminJson(put("/api/campaigns/" + id), "{\"subject\": \"Changed\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("Changed"));
	}

	@Test
	void previewRendersHtmlAndTextForASampleReader() throws Exception {
		long id = campaign("News for ${subscriber.firstName!\"you\"}",
				article("Microneedling for hair regrowth", OffsetDateTime.now().minusDays(1)));
		mvc.perform(admin(post("/api/campaigns/" + id + "/preview")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("News for Alex"))
			.andExpect(jsonPath("$.html").value(containsString("Microneedling for hair regrowth")))
			.andExpect(jsonPath("$.text").value(containsString("Microneedling for hair regrowth")));
	}

	@Test
	void testSendGoesToTheGivenAddressesMarkedTestAndIsNotCounted() throws Exception {
		long id = campaign("Hello", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/test"), "{\"addresses\": [\"editor@example.org\"]}"))
			.andExpect(status().isOk());
		MimeMessage test = awaitMails("editor@example.org", 1).get(0);
		assertThat(test.getSubject()).isEqualTo("[TEST] Hello");
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.progress.recipients").value(0))
			.andExpect(jsonPath("$.status").value("DRAFT"));
	}

	@Test
	void testSendToMoreThanFiveAddressesIsRefused() throws Exception {
		long id = campaign("Hello", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/test"),
				"{\"addresses\": [\"a@x.org\",\"b@x.org\",\"c@x.org\",\"d@x.org\",\"e@x.org\",\"f@x.org\"]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.addresses").value(containsString("at most 5")));
	}

	@Test
	void duplicateMakesANewDraftAndCancelEndsADraft() throws Exception {
		long id = campaign("Hello", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		String copy = mvc.perform(admin(post("/api/campaigns/" + id + "/duplicate")))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(json(copy).get("id").asLong()).isNotEqualTo(id);
		assertThat(json(copy).get("subject").asText()).isEqualTo("Hello");
		mvc.perform(admin(post("/api/campaigns/" + id + "/cancel"))).andExpect(jsonPath("$.status").value("CANCELLED"));
		mvc.perform(admin(post("/api/campaigns/" + id + "/resume"))).andExpect(status().isConflict());
	}

	@Test
	void listFiltersByStatus() throws Exception {
		long article = article("Skin care basics", OffsetDateTime.now().minusDays(1));
		long draft = campaign("Draft one", article);
		long cancelled = campaign("Cancelled one", article);
		mvc.perform(admin(post("/api/campaigns/" + cancelled + "/cancel"))).andExpect(status().isOk());
		String page = mvc.perform(admin(get("/api/campaigns").param("status", "DRAFT")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		List<Long> ids = new ArrayList<>();
		json(page).get("content").forEach(c -> ids.add(c.get("id").asLong()));
		assertThat(ids).containsExactly(draft);
	}

	@Test
	void unknownCampaignIs404() throws Exception {
		mvc.perform(admin(get("/api/campaigns/424242")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("There is no campaign 424242."));
	}

	@Test
	void failedCopiesAreAnsweredWithTheirReplyFieldForFieldByTheApiAndListedOnTheCampaignsPage() throws Exception {
		long id = campaign("Failures", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		long reader = Readers.confirmed(jdbc, "failed-copy@example.org", null);
		jdbc.sql("UPDATE campaign SET status = 'SENT', started_at = created_at, finished_at = created_at WHERE id = ?")
			.param(id)
			.update();
		jdbc.sql("""
				INSERT INTO delivery (campaign_id, subscriber_id, status, attempts, next_attempt_at, last_error)
				VALUES (?, ?, 'FAILED', 2, CURRENT_TIMESTAMP, '550 5.1.1 <failed-copy@example.org>: no such user')""")
			.params(id, reader)
			.update();

		String answer = mvc.perform(admin(get("/api/campaigns/" + id + "/failures")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(answer).isEqualTo("[{\"subscriberId\":" + reader + ",\"status\":\"FAILED\",\"attempts\":2,"
				+ "\"sentAt\":null,\"messageId\":null,"
				+ "\"lastError\":\"550 5.1.1 <failed-copy@example.org>: no such user\"}]");
		mvc.perform(get("/admin/campaigns/" + id).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Failed copies")))
			.andExpect(content().string(containsString("550 5.1.1 &lt;failed-copy@example.org&gt;: no such user")));
	}

}
