package dev.glowletter.delivery;

/**
 * The engine stopped sending a campaign by itself (the SMTP server was unreachable too
 * often).
 */
public record DeliveryPaused(long campaignId, String reason) {
}
