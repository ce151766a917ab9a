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

/**
 * A campaign's status and its delivery's state go together as the table on
 * {@link Campaign} says, move after move.
 */
class CampaignDeliveryStateIntegrationTest extends CampaignTestSupport {

	private void assertState(long id, CampaignStatus status, String delivery) {
		assertThat(campaignStatus(id) + " / " + deliveryState(id)).isEqualTo(status + " / " + delivery);
	}

	private void scheduleNow(long id) throws Exception {
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
	}

	private void call(long id, String action, CampaignStatus answered) throws Exception {
		mvc.perform(admin(post("/api/campaigns/" + id + "/" + action)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value(answered.name()));
	}

	@Test
	void campaignScheduledStartedPausedResumedAndSentByAdminAndPollerKeepsTheDeliveryStateOfTheTable()
			throws Exception {
		Readers.confirmed(jdbc, "state-sent@example.org", null);
		long id = campaign("States", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		assertState(id, CampaignStatus.DRAFT, "none");
		scheduleNow(id);
		assertState(id, CampaignStatus.SCHEDULED, "none");
		assertThat(scheduler.startDue()).isEqualTo(1);
		assertState(id, CampaignStatus.SENDING, "ACTIVE");
		call(id, "pause", CampaignStatus.PAUSED);
		assertState(id, CampaignStatus.PAUSED, "PAUSED by ADMIN");
		call(id, "resume", CampaignStatus.SENDING);
		assertState(id, CampaignStatus.SENDING, "ACTIVE");

		awaitMails("state-sent@example.org", 1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			scheduler.tick();
			return campaignStatus(id) == CampaignStatus.SENT;
		});
		assertState(id, CampaignStatus.SENT, "ACTIVE");
	}

	@Test
	void campaignHeldBackHasNoDeliveryUntilResumedAndCancelledCampaignsAreCancelledInDeliveryIfTheyStarted()
			throws Exception {
		Readers.confirmed(jdbc, "state-held@example.org", null);
		long article = article("Skin care basics", OffsetDateTime.now().minusDays(1));
		long held = campaign("Held back", article);
		long unstarted = campaign("Never started", article);
		for (long id : new long[] { held, unstarted }) {
			scheduleNow(id);
		}
		call(unstarted, "cancel", CampaignStatus.CANCELLED);
		assertState(unstarted, CampaignStatus.CANCELLED, "none");

		// past the grace period: held back instead of sent late
		clock.advance(Duration.ofHours(7));
		assertThat(scheduler.startDue()).isZero();
		assertState(held, CampaignStatus.PAUSED, "none");
		call(held, "resume", CampaignStatus.SENDING);
		assertState(held, CampaignStatus.SENDING, "ACTIVE");
		call(held, "pause", CampaignStatus.PAUSED);
		call(held, "cancel", CampaignStatus.CANCELLED);
		assertState(held, CampaignStatus.CANCELLED, "CANCELLED");
	}

}
