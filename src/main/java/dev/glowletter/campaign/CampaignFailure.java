package dev.glowletter.campaign;

import java.time.Instant;

import dev.glowletter.delivery.CampaignDeliveries;

/**
 * A copy of a campaign that failed for good, as the campaign's API and pages show it: the
 * reader, how often it was tried, and the SMTP server's last reply.
 */
public record CampaignFailure(long subscriberId, String status, int attempts, Instant sentAt, String messageId,
		String lastError) {

	static CampaignFailure of(CampaignDeliveries.DeliveryRecord record) {
		return new CampaignFailure(record.subscriberId(), record.status(), record.attempts(), record.sentAt(),
				record.messageId(), record.lastError());
	}
}
