package dev.glowletter.feedback.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * SendGrid's signed event webhook: an ECDSA (P-256, SHA-256) signature of the timestamp
 * followed by the body, checked with the verification key SendGrid shows for the webhook.
 */
public final class SendGridWebhook {

	private static final int MAX_SIGNATURE = 1024;

	private SendGridWebhook() {
	}

	/**
	 * Verifies and reads one call of SendGrid's event webhook.
	 * <p>
	 * Events: {@code bounce} of type {@code bounce} (or of no type, as before SendGrid
	 * told types apart) is a hard bounce; {@code bounce} of type {@code blocked} is a
	 * soft one, because the receiving server refused the message for what it thought of
	 * the sender or the content (reputation, a block list, a filter), not because the
	 * address does not exist, and SendGrid keeps no suppression for it; {@code deferred}
	 * is a soft bounce; {@code spamreport} is a complaint; {@code dropped} gives no
	 * event, since SendGrid drops a message to an address on its own suppression lists
	 * ("Bounced Address", "Spam Reporting Address", "Unsubscribed Address"), which the
	 * bounce or the spam report that put it there already told of; the others (processed,
	 * delivered, open, click, unsubscribe, group events) give none either.
	 * @param signature the {@code X-Twilio-Email-Event-Webhook-Signature} header (the
	 * base64 of a DER ECDSA signature), may be null
	 * @param timestamp the {@code X-Twilio-Email-Event-Webhook-Timestamp} header (seconds
	 * since the epoch), may be null
	 * @param body the request's body, as received
	 * @param publicKeyBase64 the webhook's verification key: the base64 of its DER
	 * SubjectPublicKeyInfo, as SendGrid shows it (PEM armour is tolerated)
	 * @param clock the clock the signed timestamp must be within five minutes of
	 * @return the events, each with id {@code sendgrid:<sg_event_id>}
	 * @throws WebhookRefused 413 for a body over 1 MB or over 1,000 events; 401 for a
	 * missing or wrong signature; 403 for a timestamp more than five minutes from the
	 * clock; 400 for a signed body that is not a JSON array of objects or an event
	 * without its id
	 * @throws IllegalArgumentException when the key is blank or no EC public key
	 */
	public static List<ProviderEvent> read(String signature, String timestamp, byte[] body, String publicKeyBase64,
			Clock clock) {
		PublicKey key = publicKey(publicKeyBase64);
		WebhookPayloads.checkSize(body);
		if (WebhookPayloads.isBlank(signature) || WebhookPayloads.isBlank(timestamp)
				|| signature.length() > MAX_SIGNATURE) {
			throw WebhookRefused.unauthorized("unsigned call");
		}
		if (!verifies(key, signature, timestamp, (body != null) ? body : new byte[0])) {
			throw WebhookRefused.unauthorized("wrong signature");
		}
		Instant signedAt = WebhookPayloads.epochSeconds(timestamp.trim());
		if (signedAt == null) {
			throw WebhookRefused.notAccepted("timestamp is no time");
		}
		WebhookPayloads.checkFresh(signedAt, clock);
		JsonNode events = WebhookPayloads.parse(body);
		if (events == null || !events.isArray()) {
			throw WebhookRefused.unreadable("body is not a JSON array");
		}
		if (events.size() > WebhookPayloads.MAX_EVENTS) {
			throw WebhookRefused.tooLarge("over 1,000 events");
		}
		List<ProviderEvent> read = new ArrayList<>();
		for (JsonNode event : events) {
			if (!event.isObject()) {
				throw WebhookRefused.unreadable("an event that is not a JSON object");
			}
			ProviderEvent providerEvent = event(event);
			if (providerEvent != null) {
				read.add(providerEvent);
			}
		}
		return List.copyOf(read);
	}

	private static ProviderEvent event(JsonNode event) {
		Finding.Kind kind = kind(WebhookPayloads.text(event, "event"), WebhookPayloads.text(event, "type"));
		if (kind == null) {
			return null;
		}
		String id = WebhookPayloads.text(event, "sg_event_id");
		if (WebhookPayloads.isBlank(id)) {
			throw WebhookRefused.unreadable("an event without its sg_event_id");
		}
		String said = WebhookPayloads.firstPresent(WebhookPayloads.text(event, "reason"),
				WebhookPayloads.text(event, "response"));
		String status = (kind != Finding.Kind.COMPLAINT)
				? WebhookPayloads.status(WebhookPayloads.text(event, "status"), said) : null;
		Finding finding = new Finding(kind, WebhookPayloads.text(event, "email"), status,
				WebhookPayloads.oneLine(said));
		return new ProviderEvent("sendgrid:" + id, finding, WebhookPayloads.epochSeconds(event.get("timestamp")));
	}

	private static Finding.Kind kind(String event, String type) {
		if (event == null) {
			return null;
		}
		return switch (event) {
			case "bounce" -> (type == null || "bounce".equals(type)) ? Finding.Kind.HARD_BOUNCE
					: ("blocked".equals(type) ? Finding.Kind.SOFT_BOUNCE : null);
			case "deferred" -> Finding.Kind.SOFT_BOUNCE;
			case "spamreport" -> Finding.Kind.COMPLAINT;
			default -> null;
		};
	}

	private static boolean verifies(PublicKey key, String signature, String timestamp, byte[] body) {
		try {
			Signature ecdsa = Signature.getInstance("SHA256withECDSA");
			ecdsa.initVerify(key);
			ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
			ecdsa.update(body);
			return ecdsa.verify(Base64.getDecoder().decode(signature.trim()));
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			// not base64, or no DER signature
			return false;
		}
	}

	private static PublicKey publicKey(String base64) {
		WebhookPayloads.checkSetting(base64, "verification key");
		String der = base64.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s+", "");
		try {
			return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(der)));
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("The webhook's verification key is no base64 EC public key");
		}
	}

}
