package dev.glowletter.campaign;

import java.time.Instant;

/**
 * A sending campaign is sent: no copy is left queued or in flight (FINISH, won by one
 * instance). Published synchronously in the transaction of the move.
 */
public record CampaignFinished(long campaignId, Instant finishedAt) {
}
