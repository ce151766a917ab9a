package dev.glowletter.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class MailgunWebhookUnitTest {

	private static final String KEY = "key-of-the-test-domain-0123456789abcdef";

	private static final String TIMESTAMP = "1529006854";

	private static final String TOKEN = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";

	private static final Instant SIGNED_AT = Instant.ofEpochSecond(1529006854);

	private static final Clock CLOCK = Clock.fixed(SIGNED_AT.plusSeconds(30), ZoneOffset.UTC);

	// Mailgun's documented permanent failure, as its webhooks send it
	private static final String PERMANENT_FAILURE = """
			{
			  "event": "failed",
			  "severity": "permanent",
			  "id": "G9Bn5sl1TC6nu79C8C0bwg",
			  "timestamp": 1521233123.501324,
			  "log-level": "error",
			  "recipient": "alice@example.com",
			  "recipient-domain": "example.com",
			  "reason": "suppress-bounce",
			  "delivery-status": {
			    "attempt-no": 1,
			    "code": 550,
			    "message": "5.1.1 The email account that you tried to reach does not exist",
			    "description": "",
			    "enhanced-code": "5.1.1",
			    "session-seconds": 0.0
			  },
			  "message": {"headers": {"message-id": "20130503182626.18666.16540@example.com"}}
			}
			""";

	private static final String TEMPORARY_FAILURE = """
			{
			  "event": "failed",
			  "severity": "temporary",
			  "id": "czsjqFATSlC3QtAK-C80nw",
			  "timestamp": 1521233123.501324,
			  "recipient": "bob@example.com",
			  "reason": "generic",
			  "delivery-status": {
			    "code": 452,
			    "message": "4.2.2 The email account that you tried to reach is over quota.",
			    "description": ""
			  }
			}
			""";

	private static final String COMPLAINT = """
			{
			  "event": "complained",
			  "id": "-Agny091SquKnsrW2NEKUA",
			  "timestamp": 1521233123.501324,
			  "recipient": "carol@example.com"
			}
			""";

	private static final String DELIVERED = """
			{
			  "event": "delivered",
			  "id": "CPgfbmQMTCKtHW6uIWtuVe",
			  "timestamp": 1521472262.908181,
			  "recipient": "alice@example.com",
			  "delivery-status": {"code": 250, "message": "OK"}
			}
			""";

	private static String signature(String key, String timestamp, String token) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String call(String timestamp, String signature, String eventData) {
		return """
				{"signature": {"timestamp": "%s", "token": "%s", "signature": "%s"}, "event-data": %s}
				""".formatted(timestamp, TOKEN, signature, eventData);
	}

	private static byte[] signedCall(String eventData) {
		return call(TIMESTAMP, signature(KEY, TIMESTAMP, TOKEN), eventData).getBytes(StandardCharsets.UTF_8);
	}

	private static MailgunWebhook.Verified read(byte[] body) {
		return MailgunWebhook.read(body, KEY, CLOCK);
	}

	private static void assertRefused(byte[] body, Clock clock, int status) {
		assertThatExceptionOfType(WebhookRefused.class).isThrownBy(() -> MailgunWebhook.read(body, KEY, clock))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(status))
			.satisfies((refused) -> assertThat(refused.getMessage()).doesNotContain(TOKEN).doesNotContain(KEY));
	}

	@Test
	void permanentFailureIsAHardBounceWithItsStatusAndTime() {
		assertThat(read(signedCall(PERMANENT_FAILURE)).events())
			.containsExactly(new ProviderEvent("mailgun:G9Bn5sl1TC6nu79C8C0bwg",
					new Finding(Finding.Kind.HARD_BOUNCE, "alice@example.com", "5.1.1",
							"5.1.1 The email account that you tried to reach does not exist"),
					Instant.ofEpochSecond(1521233123, 501324000)));
	}

	@Test
	void verifiedCallGivesItsTokenAndSignedTimeToRefuseReplays() {
		MailgunWebhook.Verified verified = read(signedCall(PERMANENT_FAILURE));
		assertThat(verified.token()).isEqualTo(TOKEN);
		assertThat(verified.signedAt()).isEqualTo(SIGNED_AT);
	}

	@Test
	void temporaryFailureIsASoftBounceWithTheStatusFoundInTheMessage() {
		assertThat(read(signedCall(TEMPORARY_FAILURE)).events()).singleElement()
			.extracting(ProviderEvent::finding)
			.isEqualTo(new Finding(Finding.Kind.SOFT_BOUNCE, "bob@example.com", "4.2.2",
					"4.2.2 The email account that you tried to reach is over quota."));
	}

	@Test
	void complaintIsAComplaint() {
		assertThat(read(signedCall(COMPLAINT)).events()).containsExactly(new ProviderEvent(
				"mailgun:-Agny091SquKnsrW2NEKUA", new Finding(Finding.Kind.COMPLAINT, "carol@example.com", null, null),
				Instant.ofEpochSecond(1521233123, 501324000)));
	}

	@Test
	void deliveryGivesNoEventButIsVerified() {
		MailgunWebhook.Verified verified = read(signedCall(DELIVERED));
		assertThat(verified.events()).isEmpty();
		assertThat(verified.token()).isEqualTo(TOKEN);
	}

	@Test
	void callSignedWithAnotherKeyIsUnauthorized() {
		byte[] body = call(TIMESTAMP, signature("another-key", TIMESTAMP, TOKEN), PERMANENT_FAILURE)
			.getBytes(StandardCharsets.UTF_8);
		assertRefused(body, CLOCK, 401);
	}

	@Test
	void changedTimestampAfterSigningIsUnauthorized() {
		byte[] body = call("1529006855", signature(KEY, TIMESTAMP, TOKEN), PERMANENT_FAILURE)
			.getBytes(StandardCharsets.UTF_8);
		assertRefused(body, CLOCK, 401);
	}

	@Test
	void changedByteInTheSignatureIsUnauthorized() {
		String signature = signature(KEY, TIMESTAMP, TOKEN);
		String changed = ((signature.charAt(0) == 'a') ? "b" : "a") + signature.substring(1);
		assertRefused(call(TIMESTAMP, changed, PERMANENT_FAILURE).getBytes(StandardCharsets.UTF_8), CLOCK, 401);
	}

	@Test
	void unsignedCallIsUnauthorized() {
		assertRefused(("{\"event-data\": " + PERMANENT_FAILURE + "}").getBytes(StandardCharsets.UTF_8), CLOCK, 401);
	}

	@Test
	void bodyThatIsNotJsonIsUnauthorizedAsNoSignatureCanBeRead() {
		assertRefused("timestamp=1529006854&token=abc".getBytes(StandardCharsets.UTF_8), CLOCK, 401);
	}

	@Test
	void timestampSixMinutesOldIsForbidden() {
		assertRefused(signedCall(PERMANENT_FAILURE), Clock.offset(CLOCK, Duration.ofMinutes(6)), 403);
	}

	@Test
	void timestampSixMinutesAheadIsForbidden() {
		assertRefused(signedCall(PERMANENT_FAILURE),
				Clock.fixed(SIGNED_AT.minus(Duration.ofMinutes(6)), ZoneOffset.UTC), 403);
	}

	@Test
	void timestampFiveMinutesOldIsTaken() {
		assertThat(MailgunWebhook
			.read(signedCall(PERMANENT_FAILURE), KEY,
					Clock.fixed(SIGNED_AT.plus(Duration.ofMinutes(5)), ZoneOffset.UTC))
			.events()).hasSize(1);
	}

	@Test
	void eventDataThatIsNotAnObjectAfterAValidSignatureIsABadRequest() {
		assertRefused(signedCall("\"not json at all\""), CLOCK, 400);
	}

	@Test
	void failureWithoutItsIdIsABadRequest() {
		assertRefused(signedCall(PERMANENT_FAILURE.replace("\"id\": \"G9Bn5sl1TC6nu79C8C0bwg\",", "")), CLOCK, 400);
	}

	@Test
	void bodyOverOneMegabyteIsTooLarge() {
		String padding = "x".repeat(WebhookPayloads.MAX_BODY_BYTES);
		assertRefused(signedCall("{\"event\": \"delivered\", \"padding\": \"" + padding + "\"}"), CLOCK, 413);
	}

}
