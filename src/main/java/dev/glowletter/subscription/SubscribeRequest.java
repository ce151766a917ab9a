package dev.glowletter.subscription;

/** A reader's wish to subscribe, with where it came from (for the consent record). */
public record SubscribeRequest(EmailAddress email, String firstName, ConsentSource source, String ip,
		String userAgent) {
}
