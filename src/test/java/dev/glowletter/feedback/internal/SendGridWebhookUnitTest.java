package dev.glowletter.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SendGridWebhookUnitTest {

	private static final String TIMESTAMP = "1513299600";

	private static final Instant SIGNED_AT = Instant.ofEpochSecond(1513299600);

	private static final Clock CLOCK = Clock.fixed(SIGNED_AT.plusSeconds(20), ZoneOffset.UTC);

	// SendGrid's documented events, one of each kind that matters here
	private static final String EVENTS = """
			[
			  {"email": "example@test.com", "timestamp": 1513299569, "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>",
			   "event": "bounce", "category": "cat facts", "sg_event_id": "6g4ZI7SA-xmRDv57GoPIPw==",
			   "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
			   "reason": "500 unknown recipient",
			   "status": "5.0.0", "type": "bounce"},
			  {"email": "blocked@test.com", "timestamp": 1513299569, "event": "bounce", "sg_event_id": "blocked-1",
			   "reason": "550 5.7.1 Message rejected due to sender reputation", "status": "5.7.1", "type": "blocked"},
			  {"email": "example@test.com", "timestamp": 1513299569, "event": "deferred", "sg_event_id": "deferred-1",
			   "response": "400 try again later", "attempt": "5"},
			  {"email": "example@test.com", "timestamp": 1513299569, "event": "spamreport", "sg_event_id": "spam-1",
			   "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0"},
			  {"email": "example@test.com", "timestamp": 1513299569, "event": "dropped", "sg_event_id": "dropped-1",
			   "reason": "Bounced Address", "status": "5.0.0"},
			  {"email": "example@test.com", "timestamp": 1513299569, "event": "delivered", "sg_event_id": "delivered-1",
			   "response": "250 OK"},
			  {"email": "example@test.com", "timestamp": 1513299569, "event": "open", "sg_event_id": "open-1"}
			]
			""";

	private static KeyPair keys;

	private static String publicKey;

	@BeforeAll
	static void generateKeys() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		keys = generator.generateKeyPair();
		publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
	}

	private static String sign(KeyPair keyPair, String timestamp, byte[] body) {
		try {
			Signature ecdsa = Signature.getInstance("SHA256withECDSA");
			ecdsa.initSign(keyPair.getPrivate());
			ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
			ecdsa.update(body);
			return Base64.getEncoder().encodeToString(ecdsa.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<ProviderEvent> read(String body) {
		byte[] bytes = bytes(body);
		return SendGridWebhook.read(sign(keys, TIMESTAMP, bytes), TIMESTAMP, bytes, publicKey, CLOCK);
	}

	private static void assertRefused(String signature, String timestamp, byte[] body, Clock clock, int status) {
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> SendGridWebhook.read(signature, timestamp, body, publicKey, clock))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(status));
	}

	@Test
	void bounceIsAHardBounceWithItsStatusReasonAndTime() {
		assertThat(read(EVENTS)).first()
			.isEqualTo(new ProviderEvent("sendgrid:6g4ZI7SA-xmRDv57GoPIPw==",
					new Finding(Finding.Kind.HARD_BOUNCE, "example@test.com", "5.0.0", "500 unknown recipient"),
					Instant.ofEpochSecond(1513299569)));
	}

	@Test
	void blockedBounceIsSoft() {
		assertThat(read(EVENTS)).filteredOn((event) -> event.id().equals("sendgrid:blocked-1"))
			.singleElement()
			.extracting((event) -> event.finding().kind())
			.isEqualTo(Finding.Kind.SOFT_BOUNCE);
	}

	@Test
	void deferredIsSoftWithTheServersResponse() {
		assertThat(read(EVENTS)).filteredOn((event) -> event.id().equals("sendgrid:deferred-1"))
			.singleElement()
			.extracting(ProviderEvent::finding)
			.isEqualTo(new Finding(Finding.Kind.SOFT_BOUNCE, "example@test.com", null, "400 try again later"));
	}

	@Test
	void spamReportIsAComplaint() {
		assertThat(read(EVENTS)).filteredOn((event) -> event.id().equals("sendgrid:spam-1"))
			.singleElement()
			.extracting(ProviderEvent::finding)
			.isEqualTo(new Finding(Finding.Kind.COMPLAINT, "example@test.com", null, null));
	}

	@Test
	void droppedForABouncedAddressDeliveredAndOpenGiveNoEvent() {
		assertThat(read(EVENTS)).extracting(ProviderEvent::id)
			.containsExactly("sendgrid:6g4ZI7SA-xmRDv57GoPIPw==", "sendgrid:blocked-1", "sendgrid:deferred-1",
					"sendgrid:spam-1");
	}

	@Test
	void keyGivenInPemArmourIsTaken() {
		byte[] body = bytes(EVENTS);
		String pem = "-----BEGIN PUBLIC KEY-----\n" + publicKey + "\n-----END PUBLIC KEY-----\n";
		assertThat(SendGridWebhook.read(sign(keys, TIMESTAMP, body), TIMESTAMP, body, pem, CLOCK)).hasSize(4);
	}

	@Test
	void changedByteInTheBodyAfterSigningIsUnauthorized() {
		byte[] body = bytes(EVENTS);
		String signature = sign(keys, TIMESTAMP, body);
		body[body.length / 2] ^= 1;
		assertRefused(signature, TIMESTAMP, body, CLOCK, 401);
	}

	@Test
	void changedTimestampAfterSigningIsUnauthorized() {
		byte[] body = bytes(EVENTS);
		assertRefused(sign(keys, TIMESTAMP, body), "1513299601", body, CLOCK, 401);
	}

	@Test
	void callSignedWithAnotherKeyIsUnauthorized() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		byte[] body = bytes(EVENTS);
		assertRefused(sign(generator.generateKeyPair(), TIMESTAMP, body), TIMESTAMP, body, CLOCK, 401);
	}

	@Test
	void unsignedCallIsUnauthorized() {
		assertRefused(null, null, bytes(EVENTS), CLOCK, 401);
		assertRefused(null, TIMESTAMP, bytes(EVENTS), CLOCK, 401);
	}

	@Test
	void signatureThatIsNotBase64OrNotDerIsUnauthorized() {
		assertRefused("%%%", TIMESTAMP, bytes(EVENTS), CLOCK, 401);
		assertRefused(Base64.getEncoder().encodeToString(new byte[64]), TIMESTAMP, bytes(EVENTS), CLOCK, 401);
	}

	@Test
	void timestampSixMinutesOldIsForbidden() {
		byte[] body = bytes(EVENTS);
		assertRefused(sign(keys, TIMESTAMP, body), TIMESTAMP, body, Clock.offset(CLOCK, Duration.ofMinutes(6)), 403);
	}

	@Test
	void timestampSixMinutesAheadIsForbidden() {
		byte[] body = bytes(EVENTS);
		Clock before = Clock.fixed(SIGNED_AT.minus(Duration.ofMinutes(6)), ZoneOffset.UTC);
		assertRefused(sign(keys, TIMESTAMP, body), TIMESTAMP, body, before, 403);
	}

	@Test
	void bodyThatIsNotJsonAfterAValidSignatureIsABadRequest() {
		byte[] body = bytes("email=example@test.com&event=bounce");
		assertRefused(sign(keys, TIMESTAMP, body), TIMESTAMP, body, CLOCK, 400);
	}

	@Test
	void singleEventObjectInsteadOfAnArrayIsABadRequest() {
		byte[] body = bytes("{\"email\": \"example@test.com\", \"event\": \"bounce\", \"sg_event_id\": \"x\"}");
		assertRefused(sign(keys, TIMESTAMP, body), TIMESTAMP, body, CLOCK, 400);
	}

	@Test
	void bodyOverOneMegabyteIsTooLarge() {
		byte[] body = bytes("[\"" + "x".repeat(WebhookPayloads.MAX_BODY_BYTES) + "\"]");
		assertRefused(sign(keys, TIMESTAMP, body), TIMESTAMP, body, CLOCK, 413);
	}

	@Test
	void moreThanAThousandEventsAreTooMany() {
		byte[] body = bytes("[" + "{\"event\": \"open\"},".repeat(1000) + "{\"event\": \"open\"}]");
		assertRefused(sign(keys, TIMESTAMP, body), TIMESTAMP, body, CLOCK, 413);
	}

}
