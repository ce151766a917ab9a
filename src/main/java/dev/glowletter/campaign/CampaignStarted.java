package dev.glowletter.campaign;

import java.time.Instant;

/**
 * A scheduled campaign started sending (START, won by one instance). Published
 * synchronously in the transaction of the move.
 */
public record CampaignStarted(long campaignId, Instant startedAt) {
}
