package dev.glowletter.campaign;

import java.time.Instant;

/**
 * A campaign was paused: by an admin, by the engine when the relay could not be reached,
 * or held back by the poller because it fell due while the service was down. Published
 * synchronously in the transaction of the move.
 *
 * @param reason what the campaign page says about it
 */
public record CampaignPaused(long campaignId, String reason, Instant pausedAt) {
}
