package dev.glowletter.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class SesWebhookUnitTest {

	private static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:MyTopic";

	private static final String CERTIFICATE_URL = "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem";

	private static final String SUBSCRIBE_URL = "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn="
			+ TOPIC + "&Token=2336412f37";

	// the certificate is made valid from this day for two days
	private static final Clock CLOCK = Clock.fixed(Instant.parse("2016-01-27T15:00:00Z"), ZoneOffset.UTC);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// SES's documented bounce notification
	private static final String BOUNCE = """
			{
			  "notificationType": "Bounce",
			  "bounce": {
			    "feedbackId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
			    "bounceType": "Permanent",
			    "bounceSubType": "General",
			    "bouncedRecipients": [
			      {"emailAddress": "jane@example.com", "action": "failed", "status": "5.1.1",
			       "diagnosticCode": "smtp; 550 5.1.1 user unknown"},
			      {"emailAddress": "richard@example.com", "action": "failed", "status": "5.1.1",
			       "diagnosticCode": "smtp; 550 5.1.1 user unknown"}
			    ],
			    "timestamp": "2016-01-27T14:59:38.237Z",
			    "remoteMtaIp": "127.0.2.0",
			    "reportingMTA": "dns; a8-70.smtp-out.amazonses.com"
			  },
			  "mail": {
			    "timestamp": "2016-01-27T14:59:38.237Z",
			    "source": "john@example.com",
			    "messageId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000",
			    "destination": ["jane@example.com", "mary@example.com", "richard@example.com"]
			  }
			}
			""";

	// SES's documented complaint notification
	private static final String COMPLAINT = """
			{
			  "notificationType": "Complaint",
			  "complaint": {
			    "userAgent": "AnyCompany Feedback Loop (V0.01)",
			    "complainedRecipients": [{"emailAddress": "richard@example.com"}],
			    "complaintFeedbackType": "abuse",
			    "arrivalDate": "2016-01-27T14:59:38.237Z",
			    "timestamp": "2016-01-27T14:59:38.237Z",
			    "feedbackId": "000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000"
			  },
			  "mail": {"messageId": "000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000"}
			}
			""";

	@TempDir
	static Path keystoreDirectory;

	private static PrivateKey privateKey;

	private static X509Certificate certificate;

	private final List<URI> fetched = new ArrayList<>();

	private final CertificateSource certificates = (uri) -> {
		this.fetched.add(uri);
		return certificate;
	};

	@BeforeAll
	static void generateCertificate() throws IOException, InterruptedException, GeneralSecurityException {
		Path keystore = keystoreDirectory.resolve("sns.p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		Process process = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-dname",
				"CN=sns.amazonaws.com", "-startdate", "2016/01/27 00:00:00", "-validity", "2", "-storetype", "PKCS12",
				"-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit", "-alias", "sns")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "changeit".toCharArray());
		}
		privateKey = (PrivateKey) store.getKey("sns", "changeit".toCharArray());
		certificate = (X509Certificate) store.getCertificate("sns");
	}

	private static Map<String, String> notification(String message) {
		Map<String, String> envelope = new LinkedHashMap<>();
		envelope.put("Type", "Notification");
		envelope.put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
		envelope.put("TopicArn", TOPIC);
		envelope.put("Message", message);
		envelope.put("Timestamp", "2016-01-27T14:59:39.123Z");
		envelope.put("SignatureVersion", "1");
		envelope.put("SigningCertURL", CERTIFICATE_URL);
		envelope.put("UnsubscribeURL", "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
				+ TOPIC + ":c9135db0-26c4-47ec-8998-413945fb5a96");
		return envelope;
	}

	private static Map<String, String> subscriptionConfirmation() {
		Map<String, String> envelope = new LinkedHashMap<>();
		envelope.put("Type", "SubscriptionConfirmation");
		envelope.put("MessageId", "165545c9-2a5c-472c-8df2-7ff2be2b3b1b");
		envelope.put("Token", "2336412f37");
		envelope.put("TopicArn", TOPIC);
		envelope.put("Message", "You have chosen to subscribe to the topic " + TOPIC
				+ ".\nTo confirm the subscription, visit the SubscribeURL included in this message.");
		envelope.put("SubscribeURL", SUBSCRIBE_URL);
		envelope.put("Timestamp", "2016-01-27T14:59:39.123Z");
		envelope.put("SignatureVersion", "1");
		envelope.put("SigningCertURL", CERTIFICATE_URL);
		return envelope;
	}

	/** Signs as the AWS documentation says: the signed keys present, in order. */
	private static Map<String, String> signed(Map<String, String> envelope) {
		List<String> keys = "Notification".equals(envelope.get("Type"))
				? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
				: List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
		StringBuilder text = new StringBuilder();
		for (String key : keys) {
			if (envelope.containsKey(key)) {
				text.append(key).append('\n').append(envelope.get(key)).append('\n');
			}
		}
		try {
			Signature rsa = Signature
				.getInstance("2".equals(envelope.get("SignatureVersion")) ? "SHA256withRSA" : "SHA1withRSA");
			rsa.initSign(privateKey);
			rsa.update(text.toString().getBytes(StandardCharsets.UTF_8));
			Map<String, String> signed = new LinkedHashMap<>(envelope);
			signed.put("Signature", Base64.getEncoder().encodeToString(rsa.sign()));
			return signed;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] body(Map<String, String> envelope) {
		return JSON.writeValueAsBytes(envelope);
	}

	private SesWebhook.SnsMessage verify(Map<String, String> envelope) {
		return SesWebhook.verify(body(envelope), Set.of(TOPIC), this.certificates, CLOCK);
	}

	private void assertRefused(byte[] body, Clock clock, int status) {
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> SesWebhook.verify(body, Set.of(TOPIC), this.certificates, clock))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(status));
	}

	private void assertRefusedWithoutFetching(Map<String, String> envelope, int status) {
		assertRefused(body(envelope), CLOCK, status);
		assertThat(this.fetched).isEmpty();
	}

	private static Map<String, String> with(Map<String, String> envelope, String key, String value) {
		Map<String, String> changed = new LinkedHashMap<>(envelope);
		changed.put(key, value);
		return changed;
	}

	@Test
	void permanentBounceIsAHardBouncePerRecipient() {
		SesWebhook.SnsMessage message = verify(signed(notification(BOUNCE)));
		Instant at = Instant.parse("2016-01-27T14:59:38.237Z");
		assertThat(message.events()).containsExactly(
				new ProviderEvent("ses:00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000:jane@example.com",
						new Finding(Finding.Kind.HARD_BOUNCE, "jane@example.com", "5.1.1",
								"smtp; 550 5.1.1 user unknown"),
						at),
				new ProviderEvent(
						"ses:00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000:richard@example.com",
						new Finding(Finding.Kind.HARD_BOUNCE, "richard@example.com", "5.1.1",
								"smtp; 550 5.1.1 user unknown"),
						at));
		assertThat(message.type()).isEqualTo(SesWebhook.SnsMessage.Type.NOTIFICATION);
		assertThat(message.messageId()).isEqualTo("22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324");
		assertThat(message.topicArn()).isEqualTo(TOPIC);
		assertThat(message.subscribeUrl()).isNull();
		assertThat(this.fetched).containsExactly(URI.create(CERTIFICATE_URL));
	}

	@Test
	void signatureVersionTwoIsVerifiedWithSha256() {
		assertThat(verify(signed(with(notification(BOUNCE), "SignatureVersion", "2"))).events()).hasSize(2);
	}

	@Test
	void signatureOfVersionOneDoesNotPassAsVersionTwo() {
		Map<String, String> signed = signed(notification(BOUNCE));
		assertRefused(body(with(signed, "SignatureVersion", "2")), CLOCK, 401);
	}

	@Test
	void subjectIsSignedWhenPresent() {
		assertThat(
				verify(signed(with(notification(BOUNCE), "Subject", "Amazon SES Email Event Notification"))).events())
			.hasSize(2);
	}

	@Test
	void transientAndUndeterminedBouncesAreSoft() {
		for (String type : List.of("Transient", "Undetermined")) {
			String bounce = BOUNCE.replace("\"Permanent\"", "\"" + type + "\"");
			assertThat(verify(signed(notification(bounce))).events()).as(type)
				.extracting((event) -> event.finding().kind())
				.containsOnly(Finding.Kind.SOFT_BOUNCE);
		}
	}

	@Test
	void complaintIsAComplaint() {
		assertThat(verify(signed(notification(COMPLAINT))).events()).containsExactly(new ProviderEvent(
				"ses:000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000:richard@example.com",
				new Finding(Finding.Kind.COMPLAINT, "richard@example.com", null, null),
				Instant.parse("2016-01-27T14:59:38.237Z")));
	}

	@Test
	void complaintOfTypeNotSpamGivesNoEvent() {
		String notSpam = COMPLAINT.replace("\"abuse\"", "\"not-spam\"");
		assertThat(verify(signed(notification(notSpam))).events()).isEmpty();
	}

	@Test
	void eventPublishingBounceIsReadAsANotificationIs() {
		String published = BOUNCE.replace("\"notificationType\"", "\"eventType\"");
		assertThat(verify(signed(notification(published))).events()).hasSize(2);
	}

	@Test
	void deliveryNotificationGivesNoEvent() {
		String delivery = """
				{"notificationType": "Delivery", "mail": {"messageId": "x"},
				 "delivery": {"recipients": ["jane@example.com"], "smtpResponse": "250 ok"}}
				""";
		assertThat(verify(signed(notification(delivery))).events()).isEmpty();
	}

	@Test
	void subscriptionConfirmationGivesItsSubscribeUrl() {
		SesWebhook.SnsMessage message = verify(signed(subscriptionConfirmation()));
		assertThat(message.type()).isEqualTo(SesWebhook.SnsMessage.Type.SUBSCRIPTION_CONFIRMATION);
		assertThat(message.subscribeUrl()).isEqualTo(URI.create(SUBSCRIBE_URL));
		assertThat(message.events()).isEmpty();
	}

	@Test
	void changedByteInTheMessageAfterSigningIsUnauthorized() {
		Map<String, String> signed = signed(notification(BOUNCE));
		assertRefused(body(with(signed, "Message", BOUNCE.replace("jane@", "jana@"))), CLOCK, 401);
	}

	@Test
	void changedSubscribeUrlAfterSigningIsUnauthorized() {
		Map<String, String> signed = signed(subscriptionConfirmation());
		assertRefused(body(with(signed, "SubscribeURL", SUBSCRIBE_URL.replace("2336412f37", "2336412f38"))), CLOCK,
				401);
	}

	@Test
	void unsignedMessageIsUnauthorized() {
		assertRefused(body(notification(BOUNCE)), CLOCK, 401);
	}

	@Test
	void unknownSignatureVersionIsUnauthorizedWithoutFetching() {
		assertRefusedWithoutFetching(signed(with(notification(BOUNCE), "SignatureVersion", "3")), 401);
	}

	@Test
	void certificateOverHttpIsUnauthorizedWithoutFetching() {
		assertRefusedWithoutFetching(
				signed(with(notification(BOUNCE), "SigningCertURL", CERTIFICATE_URL.replace("https:", "http:"))), 401);
	}

	@Test
	void certificateOffSnsIsUnauthorizedWithoutFetching() {
		for (String url : List.of("https://sns.us-west-2.amazonaws.com.attacker.example/cert.pem",
				"https://attacker.example/sns.us-west-2.amazonaws.com/cert.pem",
				"https://sns.us-west-2.amazonaws.com@attacker.example/cert.pem",
				"https://s3.amazonaws.com/sns.us-west-2.amazonaws.com/cert.pem",
				"https://sns.us-west-2.amazonaws.com:8443/cert.pem", "https://sns.us-west-2.amazonaws.com/cert.txt")) {
			assertRefusedWithoutFetching(signed(with(notification(BOUNCE), "SigningCertURL", url)), 401);
		}
	}

	@Test
	void subscribeUrlOffSnsIsUnauthorizedWithoutFetching() {
		assertRefusedWithoutFetching(
				signed(with(subscriptionConfirmation(), "SubscribeURL", "https://attacker.example/?Action=Confirm")),
				401);
	}

	@Test
	void unacceptedTopicIsForbiddenWithoutFetching() {
		assertRefusedWithoutFetching(
				signed(with(notification(BOUNCE), "TopicArn", "arn:aws:sns:us-west-2:999999999999:Other")), 403);
	}

	@Test
	void certificateAfterItsValidityIsUnauthorized() {
		assertRefused(body(signed(notification(BOUNCE))),
				Clock.fixed(Instant.parse("2016-02-01T00:00:00Z"), ZoneOffset.UTC), 401);
	}

	@Test
	void certificateBeforeItsValidityIsUnauthorized() {
		assertRefused(body(signed(notification(BOUNCE))),
				Clock.fixed(Instant.parse("2016-01-20T00:00:00Z"), ZoneOffset.UTC), 401);
	}

	@Test
	void messageThatIsNotJsonAfterAValidSignatureIsABadRequest() {
		assertRefused(body(signed(notification("Bounce for jane@example.com"))), CLOCK, 400);
	}

	@Test
	void bodyThatIsNotJsonIsUnauthorized() {
		assertRefused("Type=Notification".getBytes(StandardCharsets.UTF_8), CLOCK, 401);
	}

	@Test
	void bodyOverOneMegabyteIsTooLarge() {
		String padding = "x".repeat(WebhookPayloads.MAX_BODY_BYTES);
		assertRefused(body(signed(notification(padding))), CLOCK, 413);
		assertThat(this.fetched).isEmpty();
	}

	@Test
	void snsHostsAreHttpsOnAmazonSnsOnly() {
		assertThat(SesWebhook.isSnsHost(URI.create(SUBSCRIBE_URL))).isTrue();
		assertThat(SesWebhook.isSnsHost(URI.create("https://sns.cn-north-1.amazonaws.com.cn/x.pem"))).isTrue();
		assertThat(SesWebhook.isSnsHost(URI.create("https://SNS.US-EAST-1.AMAZONAWS.COM/x.pem"))).isTrue();
		assertThat(SesWebhook.isSnsHost(URI.create("http://sns.us-east-1.amazonaws.com/x.pem"))).isFalse();
		assertThat(SesWebhook.isSnsHost(URI.create("https://sns.amazonaws.com/x.pem"))).isFalse();
		assertThat(SesWebhook.isSnsHost(URI.create("https://sns.us-east-1.amazonaws.com.cn.example/x.pem"))).isFalse();
		assertThat(SesWebhook.isSnsHost(URI.create("https://user@sns.us-east-1.amazonaws.com/x.pem"))).isFalse();
		assertThat(SesWebhook.isSnsHost(null)).isFalse();
	}

}
