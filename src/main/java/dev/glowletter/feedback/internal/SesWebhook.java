package dev.glowletter.feedback.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * Amazon SES's bounce and complaint notifications, as Amazon SNS posts them: the SNS
 * message, signed with a certificate SNS names, and the SES notification it carries.
 * <p>
 * The signed timestamp is not held to five minutes: SNS retries a delivery for up to an
 * hour, and each event is processed once per id anyway.
 */
public final class SesWebhook {

	private static final Pattern SNS_HOST = Pattern.compile("^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$");

	private static final List<String> NOTIFICATION_SIGNED = List.of("Message", "MessageId", "Subject", "Timestamp",
			"TopicArn", "Type");

	private static final List<String> CONFIRMATION_SIGNED = List.of("Message", "MessageId", "SubscribeURL", "Timestamp",
			"Token", "TopicArn", "Type");

	private SesWebhook() {
	}

	/**
	 * Verifies an SNS message and reads the SES notification it carries.
	 * <p>
	 * Steps, in order: the size; the envelope (a JSON object of a known type and
	 * signature version "1", SHA1withRSA, or "2", SHA256withRSA); the certificate URL and
	 * the SubscribeURL (https on an SNS host, see {@link #isSnsHost(URI)}; the
	 * certificate's path ending in {@code .pem}); the topic; only then the certificate is
	 * fetched, checked to be valid at the clock's time, and the signature verified.
	 * <p>
	 * Events of a Notification, one per recipient with id
	 * {@code ses:<feedbackId>:<address>}: a bounce (a {@code notificationType}, or an
	 * event publishing {@code eventType}, of {@code Bounce}) of type Permanent is hard,
	 * of type Transient or Undetermined soft; a complaint is a complaint unless its
	 * feedback type is {@code not-spam}; other notifications (Delivery, Send, Open, ...)
	 * give none.
	 * @param body the request's body, as received
	 * @param acceptedTopicArns the topics whose messages are taken
	 * @param certificates where signing certificates are fetched from
	 * @param clock the clock the certificate must be valid at
	 * @return the message
	 * @throws WebhookRefused 413 for a body over 1 MB or a notification naming over 1,000
	 * recipients; 401 for a body where no SNS message can be read, an unknown signature
	 * version, a certificate URL or a SubscribeURL off SNS, a certificate out of its
	 * validity, a wrong signature; 403 for a topic not accepted; 400 for a signed
	 * notification whose Message is no JSON object or a bounce or complaint without its
	 * feedbackId
	 */
	public static SnsMessage verify(byte[] body, Set<String> acceptedTopicArns, CertificateSource certificates,
			Clock clock) {
		WebhookPayloads.checkSize(body);
		JsonNode envelope = WebhookPayloads.parse(body);
		if (envelope == null || !envelope.isObject()) {
			throw WebhookRefused.unauthorized("not an SNS message");
		}
		SnsMessage.Type type = SnsMessage.Type.of(WebhookPayloads.text(envelope, "Type"));
		if (type == null) {
			throw WebhookRefused.unauthorized("not an SNS message type");
		}
		String algorithm = switch (String.valueOf(WebhookPayloads.text(envelope, "SignatureVersion"))) {
			case "1" -> "SHA1withRSA";
			case "2" -> "SHA256withRSA";
			default -> throw WebhookRefused.unauthorized("unknown signature version");
		};
		URI certificateUrl = uri(WebhookPayloads.text(envelope, "SigningCertURL"));
		if (!isSnsHost(certificateUrl) || certificateUrl.getRawQuery() != null
				|| certificateUrl.getRawFragment() != null || certificateUrl.getPath() == null
				|| !certificateUrl.getPath().endsWith(".pem")) {
			throw WebhookRefused.unauthorized("certificate URL off Amazon SNS");
		}
		URI subscribeUrl = null;
		if (type != SnsMessage.Type.NOTIFICATION) {
			subscribeUrl = uri(WebhookPayloads.text(envelope, "SubscribeURL"));
			if (!isSnsHost(subscribeUrl)) {
				throw WebhookRefused.unauthorized("subscribe URL off Amazon SNS");
			}
		}
		String topicArn = WebhookPayloads.text(envelope, "TopicArn");
		if (topicArn == null || !acceptedTopicArns.contains(topicArn)) {
			throw WebhookRefused.notAccepted("topic not accepted");
		}
		String signed = stringToSign(envelope, type);
		String signature = WebhookPayloads.text(envelope, "Signature");
		if (signed == null || WebhookPayloads.isBlank(signature)) {
			throw WebhookRefused.unauthorized("unsigned message");
		}
		X509Certificate certificate = certificates.fetch(certificateUrl);
		if (certificate == null) {
			throw WebhookRefused.unauthorized("no certificate at the certificate URL");
		}
		try {
			certificate.checkValidity(Date.from(clock.instant()));
		}
		catch (CertificateException ex) {
			throw WebhookRefused.unauthorized("certificate out of its validity");
		}
		if (!verifies(algorithm, certificate, signed, signature)) {
			throw WebhookRefused.unauthorized("wrong signature");
		}
		String messageId = WebhookPayloads.text(envelope, "MessageId");
		List<ProviderEvent> events = (type == SnsMessage.Type.NOTIFICATION)
				? events(WebhookPayloads.text(envelope, "Message")) : List.of();
		return new SnsMessage(type, messageId, topicArn, subscribeUrl, events);
	}

	/**
	 * Whether an address is one of Amazon SNS's over HTTPS, and so safe to fetch a
	 * certificate from or to confirm a subscription at.
	 * @param uri the address, may be null
	 * @return true for https, no user info, the default port, and a host
	 * {@code sns.<region>.amazonaws.com} (or {@code .com.cn})
	 */
	public static boolean isSnsHost(URI uri) {
		return uri != null && "https".equalsIgnoreCase(uri.getScheme()) && uri.getRawUserInfo() == null
				&& (uri.getPort() == -1 || uri.getPort() == 443) && uri.getHost() != null
				&& SNS_HOST.matcher(uri.getHost().toLowerCase(Locale.ROOT)).matches();
	}

	private static URI uri(String text) {
		if (text == null) {
			return null;
		}
		try {
			return new URI(text);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/**
	 * The string SNS signs: each signed key present, {@code Key\nvalue\n}, in order.
	 * @return the string, or null when a key it needs is missing
	 */
	private static String stringToSign(JsonNode envelope, SnsMessage.Type type) {
		boolean notification = type == SnsMessage.Type.NOTIFICATION;
		StringBuilder signed = new StringBuilder();
		for (String key : notification ? NOTIFICATION_SIGNED : CONFIRMATION_SIGNED) {
			String value = WebhookPayloads.text(envelope, key);
			if (value == null && notification && key.equals("Subject")) {
				continue;
			}
			if (value == null) {
				return null;
			}
			signed.append(key).append('\n').append(value).append('\n');
		}
		return signed.toString();
	}

	private static boolean verifies(String algorithm, X509Certificate certificate, String signed, String signature) {
		try {
			Signature rsa = Signature.getInstance(algorithm);
			rsa.initVerify(certificate.getPublicKey());
			rsa.update(signed.getBytes(StandardCharsets.UTF_8));
			return rsa.verify(Base64.getDecoder().decode(signature.trim()));
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			// not base64, or not a signature of this certificate's key
			return false;
		}
	}

	private static List<ProviderEvent> events(String message) {
		JsonNode notification = WebhookPayloads.parse(message);
		if (notification == null || !notification.isObject()) {
			throw WebhookRefused.unreadable("message is not a JSON object");
		}
		String kind = WebhookPayloads.firstPresent(WebhookPayloads.text(notification, "notificationType"),
				WebhookPayloads.text(notification, "eventType"));
		if ("Bounce".equals(kind)) {
			JsonNode bounce = notification.path("bounce");
			Finding.Kind bounceKind = switch (String.valueOf(WebhookPayloads.text(bounce, "bounceType"))) {
				case "Permanent" -> Finding.Kind.HARD_BOUNCE;
				case "Transient", "Undetermined" -> Finding.Kind.SOFT_BOUNCE;
				default -> null;
			};
			return (bounceKind != null) ? events(bounce, "bouncedRecipients", bounceKind) : List.of();
		}
		if ("Complaint".equals(kind)) {
			JsonNode complaint = notification.path("complaint");
			boolean notSpam = "not-spam".equals(WebhookPayloads.text(complaint, "complaintFeedbackType"));
			return notSpam ? List.of() : events(complaint, "complainedRecipients", Finding.Kind.COMPLAINT);
		}
		return List.of();
	}

	private static List<ProviderEvent> events(JsonNode report, String recipientsField, Finding.Kind kind) {
		String feedbackId = WebhookPayloads.text(report, "feedbackId");
		if (WebhookPayloads.isBlank(feedbackId)) {
			throw WebhookRefused.unreadable("a notification without its feedbackId");
		}
		JsonNode recipients = report.path(recipientsField);
		if (!recipients.isArray()) {
			return List.of();
		}
		if (recipients.size() > WebhookPayloads.MAX_EVENTS) {
			throw WebhookRefused.tooLarge("over 1,000 recipients");
		}
		List<ProviderEvent> events = new ArrayList<>();
		for (JsonNode recipient : recipients) {
			String address = WebhookPayloads.text(recipient, "emailAddress");
			if (WebhookPayloads.isBlank(address)) {
				continue;
			}
			String diagnostic = WebhookPayloads.text(recipient, "diagnosticCode");
			String status = (kind != Finding.Kind.COMPLAINT)
					? WebhookPayloads.status(WebhookPayloads.text(recipient, "status"), diagnostic) : null;
			events.add(new ProviderEvent("ses:" + feedbackId + ":" + address,
					new Finding(kind, address, status, WebhookPayloads.oneLine(diagnostic)),
					WebhookPayloads.isoInstant(WebhookPayloads.text(report, "timestamp"))));
		}
		return List.copyOf(events);
	}

	/**
	 * A verified SNS message.
	 *
	 * @param type what it is
	 * @param messageId SNS's id of it
	 * @param topicArn the topic it came from (an accepted one)
	 * @param subscribeUrl for a confirmation, where to confirm the subscription (already
	 * checked with {@link SesWebhook#isSnsHost(URI)}); null for a notification
	 * @param events for a notification, the bounces and complaints it tells of; else
	 * empty
	 */
	public record SnsMessage(Type type, String messageId, String topicArn, URI subscribeUrl,
			List<ProviderEvent> events) {

		/** The kinds of message SNS posts. */
		public enum Type {

			/** Asks to confirm a subscription: GET its SubscribeURL. */
			SUBSCRIPTION_CONFIRMATION,

			/** Carries a published message: here, SES's notification. */
			NOTIFICATION,

			/** Tells a subscription was ended. */
			UNSUBSCRIBE_CONFIRMATION;

			static Type of(String name) {
				if (name == null) {
					return null;
				}
				return switch (name) {
					case "SubscriptionConfirmation" -> SUBSCRIPTION_CONFIRMATION;
					case "Notification" -> NOTIFICATION;
					case "UnsubscribeConfirmation" -> UNSUBSCRIBE_CONFIRMATION;
					default -> null;
				};
			}

		}

	}

}
