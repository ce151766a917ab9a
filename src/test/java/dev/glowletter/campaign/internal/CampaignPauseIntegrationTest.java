package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;

import dev.glowletter.Readers;
import dev.glowletter.campaign.CampaignStatus;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Sending slowed to a few messages a second, so that a pause lands in the middle of it.
 */
@TestPropertySource(properties = { "glowletter.delivery.rate-per-second=4", "glowletter.delivery.campaign-batch=1",
		"glowletter.delivery.workers=1" })
class CampaignPauseIntegrationTest extends CampaignTestSupport {

	private int delivered(int readers) {
		int count = 0;
		for (int i = 0; i < readers; i++) {
			count += mailsTo("slow" + i + "@example.org").size();
		}
		return count;
	}

	private int inFlight(long campaign) {
		return jdbc.sql("SELECT COUNT(*) FROM delivery WHERE campaign_id = ? AND lease_until IS NOT NULL")
			.param(campaign)
			.query(Integer.class)
			.single();
	}

	@Test
	void pausedCampaignStopsSendingAndResumesWithoutDuplicatesOrGaps() throws Exception {
		int readers = 12;
		for (int i = 0; i < readers; i++) {
			Readers.confirmed(jdbc, "slow" + i + "@example.org", null);
		}
		long id = campaign("Slow", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
		scheduler.tick();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered(readers) >= 2);

		mvc.perform(admin(post("/api/campaigns/" + id + "/pause"))).andExpect(jsonPath("$.status").value("PAUSED"));
		// the one copy in flight, if any, lands and is recorded (its lease let go)
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> inFlight(id) == 0);
		int atPause = delivered(readers);
		// at 4 a second, six more would go within this time had the pause not held
		Awaitility.await()
			.during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(delivered(readers)).isEqualTo(atPause).isLessThan(readers));

		mvc.perform(admin(post("/api/campaigns/" + id + "/resume"))).andExpect(jsonPath("$.status").value("SENDING"));
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> delivered(readers) >= readers);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			scheduler.tick();
			return campaignStatus(id) == CampaignStatus.SENT;
		});
		for (int i = 0; i < readers; i++) {
			assertThat(mailsTo("slow" + i + "@example.org")).as("copies to reader " + i).hasSize(1);
		}
	}

}
