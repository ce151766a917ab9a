package dev.glowletter.delivery;

/**
 * The engine resumed a campaign it had paused itself, because the SMTP relay answers
 * again.
 */
public record DeliveryResumed(long campaignId) {
}
