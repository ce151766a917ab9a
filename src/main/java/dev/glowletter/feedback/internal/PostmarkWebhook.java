package dev.glowletter.feedback.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Postmark's bounce and spam complaint webhooks, authenticated by the HTTP Basic
 * credentials set on the webhook in Postmark.
 * <p>
 * Postmark signs nothing and sends no timestamp, so a recorded call could be sent again:
 * that is harmless, since each event is processed once per id.
 */
public final class PostmarkWebhook {

	private static final int MAX_HEADER = 4096;

	// Postmark's bounce types; those not named here (AutoResponder, OpenRelayTest,
	// Unknown, Subscribe, Unsubscribe, ChallengeVerification, VirusNotification,
	// AddressChange, Unconfirmed, DMARCPolicy, SMTPApiError, InboundError,
	// TemplateRenderingFailed) say nothing of the reader's address
	private static final Map<String, Finding.Kind> KINDS = Map.ofEntries(
			Map.entry("HardBounce", Finding.Kind.HARD_BOUNCE), Map.entry("BadEmailAddress", Finding.Kind.HARD_BOUNCE),
			// deactivated in Postmark by a person: Postmark refuses to send to it until
			// reactivated
			Map.entry("ManuallyDeactivated", Finding.Kind.HARD_BOUNCE),
			Map.entry("SoftBounce", Finding.Kind.SOFT_BOUNCE), Map.entry("Transient", Finding.Kind.SOFT_BOUNCE),
			Map.entry("DnsError", Finding.Kind.SOFT_BOUNCE),
			// an ISP's block of the message, not the address (as SendGrid's "blocked")
			Map.entry("Blocked", Finding.Kind.SOFT_BOUNCE), Map.entry("SpamNotification", Finding.Kind.COMPLAINT),
			Map.entry("SpamComplaint", Finding.Kind.COMPLAINT));

	private PostmarkWebhook() {
	}

	/**
	 * Reads one call of Postmark's bounce or spam complaint webhook.
	 * <p>
	 * Bounce types: HardBounce, BadEmailAddress and ManuallyDeactivated are hard;
	 * SoftBounce, Transient, DnsError and Blocked are soft; SpamNotification and
	 * SpamComplaint are complaints; the other types, and records other than Bounce and
	 * SpamComplaint (Delivery, Open, Click, SubscriptionChange), give no event.
	 * @param authorizationHeader the request's Authorization header, may be null
	 * @param body the request's body, as received
	 * @param username the user name set on the webhook in Postmark
	 * @param password the password set on the webhook in Postmark
	 * @return the event the call tells of (none or one, with id {@code postmark:<ID>})
	 * @throws WebhookRefused 413 for a body over 1 MB, 401 for missing or wrong
	 * credentials, 400 for a body that is not a JSON object or a bounce without its ID
	 * @throws IllegalArgumentException when the user name or the password is blank
	 */
	public static List<ProviderEvent> read(String authorizationHeader, byte[] body, String username, String password) {
		WebhookPayloads.checkSetting(username, "user name");
		WebhookPayloads.checkSetting(password, "password");
		WebhookPayloads.checkSize(body);
		if (!credentialsMatch(authorizationHeader, username, password)) {
			throw WebhookRefused.unauthorized("missing or wrong credentials");
		}
		JsonNode record = WebhookPayloads.parse(body);
		if (record == null || !record.isObject()) {
			throw WebhookRefused.unreadable("body is not a JSON object");
		}
		String recordType = WebhookPayloads.text(record, "RecordType");
		String type = WebhookPayloads.text(record, "Type");
		Finding.Kind kind = (type != null) ? KINDS.get(type) : null;
		if (!("Bounce".equals(recordType) || "SpamComplaint".equals(recordType)) || kind == null) {
			return List.of();
		}
		String id = WebhookPayloads.text(record, "ID");
		if (WebhookPayloads.isBlank(id)) {
			throw WebhookRefused.unreadable("a record without its ID");
		}
		String details = WebhookPayloads.text(record, "Details");
		String status = (kind != Finding.Kind.COMPLAINT) ? WebhookPayloads.status(null, details) : null;
		String diagnostic = WebhookPayloads
			.oneLine(WebhookPayloads.firstPresent(details, WebhookPayloads.text(record, "Description")));
		Finding finding = new Finding(kind, WebhookPayloads.text(record, "Email"), status, diagnostic);
		return List.of(new ProviderEvent("postmark:" + id.trim(), finding,
				WebhookPayloads.isoInstant(WebhookPayloads.text(record, "BouncedAt"))));
	}

	private static boolean credentialsMatch(String header, String username, String password) {
		if (header == null || header.length() > MAX_HEADER) {
			return false;
		}
		String value = header.trim();
		if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
			return false;
		}
		byte[] given;
		try {
			given = Base64.getDecoder().decode(value.substring(6).trim());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return WebhookPayloads.sameSecret(given, (username + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
