package dev.glowletter.campaign;

/**
 * Where a campaign is in its life: DRAFT → SCHEDULED → SENDING → SENT, or PAUSED, or
 * CANCELLED.
 */
public enum CampaignStatus {

	DRAFT, SCHEDULED, SENDING, PAUSED, SENT, CANCELLED

}
