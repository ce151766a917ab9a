package dev.glowletter.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class PostmarkWebhookUnitTest {

	private static final String USER = "postmark-hook";

	private static final String PASSWORD = "a-long-password-for-the-webhook";

	private static final String AUTHORIZATION = basic(USER + ":" + PASSWORD);

	// Postmark's documented bounce webhook payload
	private static final String HARD_BOUNCE = """
			{
			  "RecordType": "Bounce",
			  "MessageStream": "outbound",
			  "ID": 4323372036854775807,
			  "Type": "HardBounce",
			  "TypeCode": 1,
			  "Name": "Hard bounce",
			  "Tag": "Test",
			  "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
			  "Metadata": {"a_key": "a_value", "b_key": "b_value"},
			  "ServerID": 23,
			  "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
			  "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
			  "Email": "john@example.com",
			  "From": "sender@example.com",
			  "BouncedAt": "2019-11-05T16:33:54.9070259Z",
			  "DumpAvailable": true,
			  "Inactive": true,
			  "CanActivate": true,
			  "Subject": "Test subject",
			  "Content": "Test content"
			}
			""";

	// Postmark's documented spam complaint webhook payload
	private static final String SPAM_COMPLAINT = """
			{
			  "RecordType": "SpamComplaint",
			  "MessageStream": "outbound",
			  "ID": 42,
			  "Type": "SpamComplaint",
			  "TypeCode": 512,
			  "Name": "Spam complaint",
			  "Tag": "Test",
			  "MessageID": "00000000-0000-0000-0000-000000000000",
			  "ServerID": 1234,
			  "Description": "",
			  "Details": "Test spam complaint details",
			  "Email": "john@example.com",
			  "From": "sender@example.com",
			  "BouncedAt": "2019-11-05T16:33:54.9070259Z",
			  "DumpAvailable": true,
			  "Inactive": true,
			  "CanActivate": false,
			  "Subject": "Test subject"
			}
			""";

	private static String basic(String credentials) {
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<ProviderEvent> read(String body) {
		return PostmarkWebhook.read(AUTHORIZATION, bytes(body), USER, PASSWORD);
	}

	private static String bounceOfType(String type) {
		return HARD_BOUNCE.replace("\"HardBounce\"", "\"" + type + "\"");
	}

	@Test
	void hardBounceIsReadWithItsIdRecipientStatusAndTime() {
		assertThat(read(HARD_BOUNCE)).containsExactly(new ProviderEvent("postmark:4323372036854775807",
				new Finding(Finding.Kind.HARD_BOUNCE, "john@example.com", "5.1.1",
						"smtp;550 5.1.1 The email account that you tried to reach does not exist."),
				Instant.parse("2019-11-05T16:33:54.907025900Z")));
	}

	@Test
	void badAddressAndManualDeactivationAreHard() {
		assertThat(read(bounceOfType("BadEmailAddress"))).singleElement()
			.extracting((event) -> event.finding().kind())
			.isEqualTo(Finding.Kind.HARD_BOUNCE);
		assertThat(read(bounceOfType("ManuallyDeactivated"))).singleElement()
			.extracting((event) -> event.finding().kind())
			.isEqualTo(Finding.Kind.HARD_BOUNCE);
	}

	@Test
	void softBounceTransientAndDnsErrorAreSoft() {
		for (String type : List.of("SoftBounce", "Transient", "DnsError")) {
			assertThat(read(bounceOfType(type))).as(type)
				.singleElement()
				.extracting((event) -> event.finding().kind())
				.isEqualTo(Finding.Kind.SOFT_BOUNCE);
		}
	}

	@Test
	void spamComplaintIsAComplaintWithoutStatus() {
		assertThat(read(SPAM_COMPLAINT)).containsExactly(new ProviderEvent("postmark:42",
				new Finding(Finding.Kind.COMPLAINT, "john@example.com", null, "Test spam complaint details"),
				Instant.parse("2019-11-05T16:33:54.9070259Z")));
	}

	@Test
	void spamNotificationBounceIsAComplaint() {
		assertThat(read(bounceOfType("SpamNotification"))).singleElement()
			.extracting((event) -> event.finding().kind())
			.isEqualTo(Finding.Kind.COMPLAINT);
	}

	@Test
	void autoResponderAndOtherTypesGiveNoEvent() {
		for (String type : List.of("AutoResponder", "OpenRelayTest", "Unknown", "Subscribe", "Unsubscribe",
				"ChallengeVerification", "InboundError", "SMTPApiError")) {
			assertThat(read(bounceOfType(type))).as(type).isEmpty();
		}
	}

	@Test
	void deliveryRecordGivesNoEvent() {
		assertThat(read("""
				{"RecordType": "Delivery", "ServerID": 23, "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
				 "Recipient": "john@example.com", "DeliveredAt": "2019-11-05T16:33:54.9070259Z"}
				""")).isEmpty();
	}

	@Test
	void callWithoutCredentialsIsUnauthorized() {
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> PostmarkWebhook.read(null, bytes(HARD_BOUNCE), USER, PASSWORD))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(401));
	}

	@Test
	void callWithWrongPasswordIsUnauthorized() {
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> PostmarkWebhook.read(basic(USER + ":wrong"), bytes(HARD_BOUNCE), USER, PASSWORD))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(401))
			.satisfies((refused) -> assertThat(refused.getMessage()).doesNotContain(PASSWORD).doesNotContain("wrong:"));
	}

	@Test
	void callWithWrongUserNameIsUnauthorized() {
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> PostmarkWebhook.read(basic("someone:" + PASSWORD), bytes(HARD_BOUNCE), USER, PASSWORD))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(401));
	}

	@Test
	void callWithAnotherSchemeOrBrokenBase64IsUnauthorized() {
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> PostmarkWebhook.read("Bearer " + PASSWORD, bytes(HARD_BOUNCE), USER, PASSWORD))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(401));
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> PostmarkWebhook.read("Basic %%%", bytes(HARD_BOUNCE), USER, PASSWORD))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(401));
	}

	@Test
	void schemeNameIsReadWithoutRegardToCase() {
		assertThat(PostmarkWebhook.read(AUTHORIZATION.replace("Basic", "basic"), bytes(HARD_BOUNCE), USER, PASSWORD))
			.hasSize(1);
	}

	@Test
	void bodyThatIsNotJsonIsABadRequest() {
		assertThatExceptionOfType(WebhookRefused.class).isThrownBy(() -> read("RecordType=Bounce&Email=john"))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(400))
			.satisfies((refused) -> assertThat(refused.getMessage()).doesNotContain("john"));
	}

	@Test
	void bounceWithoutItsIdIsABadRequest() {
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> read(HARD_BOUNCE.replace("\"ID\": 4323372036854775807,", "")))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(400));
	}

	@Test
	void bodyOverOneMegabyteIsTooLarge() {
		byte[] body = new byte[WebhookPayloads.MAX_BODY_BYTES + 1];
		assertThatExceptionOfType(WebhookRefused.class)
			.isThrownBy(() -> PostmarkWebhook.read(AUTHORIZATION, body, USER, PASSWORD))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(413));
	}

	@Test
	void blankPasswordSettingIsAnError() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PostmarkWebhook.read(basic(USER + ":"), bytes(HARD_BOUNCE), USER, ""));
	}

}
