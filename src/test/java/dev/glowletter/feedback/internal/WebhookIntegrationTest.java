package dev.glowletter.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.WebhookKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The providers' webhooks end to end: a verified call changes the reader it names, once;
 * a forged, unsigned, stale or replayed one changes nothing.
 */
class WebhookIntegrationTest extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	// --- Postmark ---

	@Test
	void aPostmarkHardBounceWithItsCredentialsMakesTheReaderBouncedOnce() throws Exception {
		long reader = Readers.confirmed(jdbc, "pm.hard@example.com", null);
		String body = postmarkBounce("HardBounce", "pm.hard@example.com");

		mvc.perform(postmark(body, WebhookKeys.POSTMARK_USER, WebhookKeys.POSTMARK_PASSWORD))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcomes.APPLIED").value(1));
		mvc.perform(postmark(body, WebhookKeys.POSTMARK_USER, WebhookKeys.POSTMARK_PASSWORD))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcomes.DUPLICATE").value(1));

		assertThat(readerStatus(reader)).isEqualTo("BOUNCED");
		assertThat(bounces(reader, "POSTMARK")).isEqualTo(1);
	}

	@Test
	void aPostmarkCallWithoutTheRightCredentialsChangesNothing() throws Exception {
		long reader = Readers.confirmed(jdbc, "pm.forged@example.com", null);
		String body = postmarkBounce("HardBounce", "pm.forged@example.com");

		mvc.perform(postmark(body, WebhookKeys.POSTMARK_USER, "guess")).andExpect(status().isUnauthorized());
		mvc.perform(post("/webhooks/postmark").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isUnauthorized());
		// the admin's credentials are no webhook's
		mvc.perform(postmark(body, "admin", ADMIN_PASSWORD)).andExpect(status().isUnauthorized());

		assertThat(readerStatus(reader)).isEqualTo("CONFIRMED");
		assertThat(bounces(reader, "POSTMARK")).isZero();
	}

	@Test
	void anEventForAnAddressNobodyHasChangesNothing() throws Exception {
		mvc.perform(postmark(postmarkBounce("HardBounce", "nobody.here@example.com"), WebhookKeys.POSTMARK_USER,
				WebhookKeys.POSTMARK_PASSWORD))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.outcomes.UNKNOWN_READER").value(1));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM bounce WHERE recipient = 'nobody.here@example.com'")
			.query(Integer.class)
			.single()).isZero();
	}

	// --- Mailgun ---

	@Test
	void aSignedMailgunComplaintUnsubscribesAndItsReplayIsRefused() throws Exception {
		long reader = Readers.confirmed(jdbc, "mg.spam@example.com", null);
		String body = mailgun(Instant.now(), "complained", null, "mg.spam@example.com", WebhookKeys.MAILGUN_KEY);

		mvc.perform(post("/webhooks/mailgun").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isOk());
		assertThat(readerStatus(reader)).isEqualTo("UNSUBSCRIBED");

		mvc.perform(post("/webhooks/mailgun").contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isForbidden());
		assertThat(bounces(reader, "MAILGUN")).isEqualTo(1);
	}

	@Test
	void aMailgunCallSignedWithAnotherKeyOrLongAgoChangesNothing() throws Exception {
		long reader = Readers.confirmed(jdbc, "mg.forged@example.com", null);
		mvc.perform(post("/webhooks/mailgun").contentType(MediaType.APPLICATION_JSON)
			.content(mailgun(Instant.now(), "failed", "permanent", "mg.forged@example.com", "another-key")))
			.andExpect(status().isUnauthorized());
		mvc.perform(post("/webhooks/mailgun").contentType(MediaType.APPLICATION_JSON)
			.content(mailgun(Instant.now().minusSeconds(600), "failed", "permanent", "mg.forged@example.com",
					WebhookKeys.MAILGUN_KEY)))
			.andExpect(status().isForbidden());
		assertThat(readerStatus(reader)).isEqualTo("CONFIRMED");
	}

	// --- SendGrid ---

	@Test
	void aSignedSendGridBatchAppliesEachEventAndATamperedOneNothing() throws Exception {
		long hard = Readers.confirmed(jdbc, "sg.hard@example.com", null);
		long soft = Readers.confirmed(jdbc, "sg.soft@example.com", null);
		long spam = Readers.confirmed(jdbc, "sg.spam@example.com", null);
		long now = Instant.now().getEpochSecond();
		String body = """
				[{"email":"sg.hard@example.com","timestamp":%1$d,"event":"bounce","type":"bounce","status":"5.1.1",
				  "reason":"550 5.1.1 unknown recipient","sg_event_id":"%2$s-1"},
				 {"email":"sg.soft@example.com","timestamp":%1$d,"event":"deferred","response":"451 try later",
				  "sg_event_id":"%2$s-2"},
				 {"email":"sg.spam@example.com","timestamp":%1$d,"event":"spamreport","sg_event_id":"%2$s-3"}]
				""".formatted(now, UUID.randomUUID());
		String timestamp = Long.toString(now);

		mvc.perform(sendgrid(body.replace("5.1.1", "4.1.1"), timestamp, sign(timestamp, body)))
			.andExpect(status().isUnauthorized());
		assertThat(readerStatus(hard)).isEqualTo("CONFIRMED");

		mvc.perform(sendgrid(body, timestamp, sign(timestamp, body)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events").value(3));
		assertThat(readerStatus(hard)).isEqualTo("BOUNCED");
		assertThat(readerStatus(soft)).isEqualTo("CONFIRMED");
		assertThat(bounces(soft, "SENDGRID")).isEqualTo(1);
		assertThat(readerStatus(spam)).isEqualTo("UNSUBSCRIBED");
	}

	// --- Amazon SES ---

	@Test
	void anSnsNotificationWithACertificateOffSnsOrForAnotherTopicIsRefusedWithoutFetching() throws Exception {
		long reader = Readers.confirmed(jdbc, "ses.forged@example.com", null);
		String message = """
				{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","feedbackId":"f-1",
				"bouncedRecipients":[{"emailAddress":"ses.forged@example.com"}]}}""";
		String body = """
				{"Type":"Notification","MessageId":"%s","TopicArn":"%s","Message":%s,
				"Timestamp":"2026-11-29T06:00:00.000Z","SignatureVersion":"1","Signature":"AAAA",
				"SigningCertURL":"https://attacker.example.com/SimpleNotificationService-x.pem"}""".formatted(
				UUID.randomUUID(), WebhookKeys.SES_TOPIC, JsonMapper.builder().build().writeValueAsString(message));
		mvc.perform(post("/webhooks/ses").contentType(MediaType.TEXT_PLAIN).content(body))
			.andExpect(status().isUnauthorized());
		mvc.perform(post("/webhooks/ses").contentType(MediaType.TEXT_PLAIN)
			.content(body.replace(WebhookKeys.SES_TOPIC, "arn:aws:sns:eu-west-1:999999999999:someone-else")
				.replace("attacker.example.com", "sns.eu-west-1.amazonaws.com")))
			// a topic not ours is refused before any certificate is fetched
			.andExpect(status().isForbidden());
		assertThat(readerStatus(reader)).isEqualTo("CONFIRMED");
	}

	// --- helpers ---

	private static MockHttpServletRequestBuilder postmark(String body, String user, String password) {
		return post("/webhooks/postmark").contentType(MediaType.APPLICATION_JSON)
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
			.content(body);
	}

	private static String postmarkBounce(String type, String email) {
		return """
				{"RecordType":"Bounce","ID":%d,"Type":"%s","TypeCode":1,"MessageID":"%s",
				"Description":"The server was unable to deliver your message (ex: unknown user, mailbox not found).",
				"Details":"smtp;550 5.1.1 The email account that you tried to reach does not exist.",
				"Email":"%s","From":"news@example.org","BouncedAt":"%s"}""".formatted(
				Math.abs(UUID.randomUUID().getMostSignificantBits()), type, UUID.randomUUID(), email,
				Instant.now().atOffset(ZoneOffset.UTC));
	}

	private static String mailgun(Instant at, String event, String severity, String email, String key)
			throws Exception {
		String timestamp = Long.toString(at.getEpochSecond());
		String token = UUID.randomUUID().toString().replace("-", "");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
		return """
				{"signature":{"timestamp":"%s","token":"%s","signature":"%s"},
				 "event-data":{"event":"%s",%s"id":"%s","timestamp":%s,"recipient":"%s",
				 "delivery-status":{"code":550,"message":"5.1.1 The email account does not exist",
				 "enhanced-code":"5.1.1"}}}""".formatted(timestamp, token, signature, event,
				severity == null ? "" : "\"severity\":\"" + severity + "\",", UUID.randomUUID(), timestamp, email);
	}

	private static MockHttpServletRequestBuilder sendgrid(String body, String timestamp, String signature) {
		return post("/webhooks/sendgrid").contentType(MediaType.APPLICATION_JSON)
			.header("X-Twilio-Email-Event-Webhook-Signature", signature)
			.header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
			.content(body);
	}

	private static String sign(String timestamp, String body) throws Exception {
		Signature ecdsa = Signature.getInstance("SHA256withECDSA");
		ecdsa.initSign(WebhookKeys.SENDGRID.getPrivate());
		ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
		ecdsa.update(body.getBytes(StandardCharsets.UTF_8));
		return Base64.getEncoder().encodeToString(ecdsa.sign());
	}

	private String readerStatus(long id) {
		return jdbc.sql("SELECT status FROM subscriber WHERE id = ?").param(id).query(String.class).single();
	}

	private int bounces(long reader, String source) {
		return jdbc.sql("SELECT COUNT(*) FROM bounce WHERE subscriber_id = ? AND source = ?")
			.params(reader, source)
			.query(Integer.class)
			.single();
	}

}
