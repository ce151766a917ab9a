package dev.glowletter.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CampaignUnitTest {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	private static Campaign draft() {
		return new Campaign(new CampaignContent("Hello", null, null, "digest", List.of(1L)), "admin", null, NOW);
	}

	private static Campaign sending() {
		Campaign campaign = draft();
		campaign.schedule(NOW, "UTC", NOW);
		// the poller's compare-and-set does SCHEDULED → SENDING in SQL; pause/resume is the entity's way there
		org.springframework.test.util.ReflectionTestUtils.setField(campaign, "status", CampaignStatus.SENDING);
		return campaign;
	}

	@Test
	void draftCanBeEditedScheduledAndCancelled() {
		Campaign campaign = draft();
		campaign.edit(new CampaignContent("Changed", null, null, "digest", List.of(2L)), NOW);
		assertThat(campaign.content().subject()).isEqualTo("Changed");
		campaign.schedule(NOW.plusSeconds(60), "Europe/Paris", NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.SCHEDULED);
		campaign.unschedule(NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.DRAFT);
		campaign.cancel(NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.CANCELLED);
	}

	@Test
	void scheduledCampaignCannotBeEdited() {
		Campaign campaign = draft();
		campaign.schedule(NOW, "UTC", NOW);
		assertThatThrownBy(() -> campaign.edit(new CampaignContent("x", null, null, null, List.of()), NOW))
			.isInstanceOf(IllegalTransition.class).hasMessageContaining("is SCHEDULED and cannot be edited");
	}

	@Test
	void sendingCampaignPausesResumesButCannotBeCancelledOrScheduled() {
		Campaign campaign = sending();
		assertThatThrownBy(() -> campaign.cancel(NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> campaign.schedule(NOW, "UTC", NOW)).isInstanceOf(IllegalTransition.class);
		campaign.pause("because", NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.PAUSED);
		assertThat(campaign.getStatusReason()).isEqualTo("because");
		campaign.resume(NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.SENDING);
	}

	@Test
	void pausedCampaignCanBeCancelled() {
		Campaign campaign = sending();
		campaign.pause("x", NOW);
		campaign.cancel(NOW);
		assertThat(campaign.getStatus()).isEqualTo(CampaignStatus.CANCELLED);
	}

	@Test
	void onlyAPausedCampaignResumesAndOnlyASendingOnePauses() {
		assertThatThrownBy(() -> draft().resume(NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> draft().pause("x", NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> draft().unschedule(NOW)).isInstanceOf(IllegalTransition.class);
	}

	@Test
	void cancelledCampaignIsFinal() {
		Campaign campaign = draft();
		campaign.cancel(NOW);
		assertThatThrownBy(() -> campaign.schedule(NOW, "UTC", NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> campaign.cancel(NOW)).isInstanceOf(IllegalTransition.class);
		assertThatThrownBy(() -> campaign.edit(campaign.content(), NOW)).isInstanceOf(IllegalTransition.class);
	}

	@Test
	void duplicateIsANewDraftWithTheSameContent() {
		Campaign campaign = sending();
		Campaign copy = campaign.duplicate("someone", NOW);
		assertThat(copy.getStatus()).isEqualTo(CampaignStatus.DRAFT);
		assertThat(copy.content()).isEqualTo(campaign.content());
	}
}
