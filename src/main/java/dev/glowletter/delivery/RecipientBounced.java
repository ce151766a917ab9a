package dev.glowletter.delivery;

/**
 * A reader's mailbox refused a campaign copy for good (a 5xx reply about the recipient).
 */
public record RecipientBounced(long subscriberId, long campaignId, String reply) {
}
