package dev.glowletter.feedback.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.JsonNode;

/**
 * Mailgun's webhooks (the JSON form), signed with the domain's HTTP webhook signing key.
 * <p>
 * Mailgun signs only its timestamp and token, not the event: whoever sees one signed call
 * can send other events under the same signature within the five minutes its timestamp is
 * taken. So the caller must refuse a token it has seen before (answering 403), keeping
 * each token at least ten minutes.
 */
public final class MailgunWebhook {

	private static final int MAX_TOKEN = 256;

	private MailgunWebhook() {
	}

	/**
	 * Verifies and reads one call of a Mailgun webhook.
	 * <p>
	 * Events: {@code failed} with severity {@code permanent} is a hard bounce (this
	 * includes Mailgun's own suppression of an address on its bounce list,
	 * {@code suppress-bounce}); {@code failed} with severity {@code temporary} is a soft
	 * one; {@code complained} is a complaint; the others (delivered, opened, clicked,
	 * unsubscribed, accepted) give no event.
	 * @param body the request's body, as received
	 * @param signingKey the domain's HTTP webhook signing key
	 * @param clock the clock the signed timestamp must be within five minutes of
	 * @return the events (none or one, with id {@code mailgun:<event-data.id>}), the
	 * token to refuse again, and the signed time
	 * @throws WebhookRefused 413 for a body over 1 MB; 401 for a body where no complete
	 * signature can be read or a wrong signature; 403 for a timestamp more than five
	 * minutes from the clock; 400 for a signed call without an {@code event-data} object
	 * or an event without its id
	 * @throws IllegalArgumentException when the signing key is blank
	 */
	public static Verified read(byte[] body, String signingKey, Clock clock) {
		WebhookPayloads.checkSetting(signingKey, "signing key");
		WebhookPayloads.checkSize(body);
		JsonNode root = WebhookPayloads.parse(body);
		JsonNode signature = (root != null && root.isObject()) ? root.get("signature") : null;
		String timestamp = WebhookPayloads.text(signature, "timestamp");
		String token = WebhookPayloads.text(signature, "token");
		String hex = WebhookPayloads.text(signature, "signature");
		if (WebhookPayloads.isBlank(timestamp) || WebhookPayloads.isBlank(token) || WebhookPayloads.isBlank(hex)) {
			throw WebhookRefused.unauthorized("no signature");
		}
		Instant signedAt = WebhookPayloads.epochSeconds(timestamp);
		if (signedAt == null || token.length() > MAX_TOKEN || !hex.matches("[0-9a-fA-F]{64}")) {
			throw WebhookRefused.unauthorized("malformed signature");
		}
		if (!MessageDigest.isEqual(HexFormat.of().parseHex(hex), hmac(signingKey, timestamp + token))) {
			throw WebhookRefused.unauthorized("wrong signature");
		}
		WebhookPayloads.checkFresh(signedAt, clock);
		JsonNode data = root.get("event-data");
		if (data == null || !data.isObject()) {
			throw WebhookRefused.unreadable("no event-data object");
		}
		return new Verified(event(data), token, signedAt);
	}

	private static List<ProviderEvent> event(JsonNode data) {
		Finding.Kind kind = kind(WebhookPayloads.text(data, "event"), WebhookPayloads.text(data, "severity"));
		if (kind == null) {
			return List.of();
		}
		String id = WebhookPayloads.text(data, "id");
		if (WebhookPayloads.isBlank(id)) {
			throw WebhookRefused.unreadable("an event without its id");
		}
		JsonNode delivery = data.path("delivery-status");
		String message = WebhookPayloads.text(delivery, "message");
		String status = (kind != Finding.Kind.COMPLAINT)
				? WebhookPayloads.status(WebhookPayloads.text(delivery, "enhanced-code"), message) : null;
		String diagnostic = WebhookPayloads.oneLine(WebhookPayloads.firstPresent(message,
				WebhookPayloads.text(delivery, "description"), WebhookPayloads.text(data, "reason")));
		Finding finding = new Finding(kind, WebhookPayloads.text(data, "recipient"), status, diagnostic);
		return List
			.of(new ProviderEvent("mailgun:" + id, finding, WebhookPayloads.epochSeconds(data.get("timestamp"))));
	}

	private static Finding.Kind kind(String event, String severity) {
		if ("complained".equals(event)) {
			return Finding.Kind.COMPLAINT;
		}
		if ("failed".equals(event) && "permanent".equals(severity)) {
			return Finding.Kind.HARD_BOUNCE;
		}
		if ("failed".equals(event) && "temporary".equals(severity)) {
			return Finding.Kind.SOFT_BOUNCE;
		}
		return null;
	}

	private static byte[] hmac(String key, String signed) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java platform has HmacSHA256", ex);
		}
	}

	/**
	 * A verified call.
	 *
	 * @param events what it tells of (none or one)
	 * @param token Mailgun's token for this call: refuse a call whose token was seen
	 * before, keeping tokens at least ten minutes
	 * @param signedAt the signed timestamp
	 */
	public record Verified(List<ProviderEvent> events, String token, Instant signedAt) {
	}

}
