package dev.glowletter.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import dev.glowletter.TestClock;
import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.RenderingProperties;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

/**
 * The composer keeps whatever a reader typed out of the headers, and encodes what is not
 * ASCII.
 */
class MessageComposerUnitTest {

	private final MessageComposer composer;

	MessageComposerUnitTest() throws Exception {
		EmailTemplates templates = new EmailTemplates(
				new RenderingProperties("email-templates", Duration.ofSeconds(2), null, null, "email", null));
		composer = new MessageComposer(templates, SignedLinksUnitTest.PROPERTIES,
				new TestClock(Instant.parse("2026-03-01T09:30:00Z")));
	}

	private ComposedEmail compose(String toName, String subject) {
		Map<String, Object> model = Map.of("subscriber", Map.of("email", "ann@example.org", "firstName", toName),
				"confirmUrl", "https://news.example.org/confirm/abc", "validHours", 48);
		return composer.compose(new Email("ann@example.org", toName, subject, "confirm", model, null));
	}

	private static String headers(ComposedEmail email) {
		return email.mime().substring(0, email.mime().indexOf("\r\n\r\n"));
	}

	private static MimeMessage parse(ComposedEmail email) throws Exception {
		return new MimeMessage(Session.getInstance(new Properties()),
				new ByteArrayInputStream(email.mime().getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void nameWithCrLfProducesNoExtraHeader() throws Exception {
		ComposedEmail email = compose("Ann\r\nBcc: x@evil.test", "Hello");

		assertThat(headers(email)).doesNotContainPattern("(?im)^bcc:");
		MimeMessage message = parse(email);
		assertThat(message.getHeader("Bcc")).isNull();
		assertThat(message.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
			.containsExactly("ann@example.org");
	}

	@Test
	void subjectWithCrLfProducesNoExtraHeader() throws Exception {
		ComposedEmail email = compose("Ann", "Hi\r\nBcc: x@evil.test\nX-Injected: yes");

		assertThat(headers(email)).doesNotContainPattern("(?im)^(bcc|x-injected):");
		assertThat(parse(email).getHeader("X-Injected")).isNull();
	}

	@Test
	void nonAsciiSubjectAndNameAreRfc2047Encoded() throws Exception {
		ComposedEmail email = compose("Zo\u00eb", "Bienvenue, Zo\u00eb \u2728");

		assertThat(email.mime().chars().allMatch(c -> c < 128)).isTrue();
		assertThat(headers(email)).containsPattern("(?m)^Subject: =\\?UTF-8\\?[BQ]\\?")
			.containsPattern("(?m)^To: =\\?UTF-8\\?[BQ]\\?");
		MimeMessage message = parse(email);
		assertThat(message.getSubject()).isEqualTo("Bienvenue, Zo\u00eb \u2728");
		assertThat(((InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal())
			.isEqualTo("Zo\u00eb");
	}

	@Test
	void encodedWordTypedAsANameOrSubjectIsShownLiterallyNotDecoded() throws Exception {
		String typed = "=?UTF-8?B?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?=";
		ComposedEmail email = compose(typed, "Hi " + typed);

		MimeMessage message = parse(email);
		assertThat(((InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal())
			.isEqualTo(typed);
		assertThat(message.getSubject()).isEqualTo("Hi " + typed);
		assertThat(MimeUtility.decodeText(message.getHeader("To", null))).doesNotContain("<script>");
		assertThat(MimeUtility.decodeText(message.getHeader("Subject", null))).isEqualTo("Hi " + typed);
		assertThat(email.mime().chars().allMatch(c -> c < 128)).isTrue();
	}

	@Test
	void messageIdIsOnTheSendersDomainAndDateIsTheClocks() throws Exception {
		ComposedEmail email = compose("Ann", "Hello");
		MimeMessage message = parse(email);

		assertThat(email.messageId()).matches("<[0-9a-f]{32}@glowletter\\.example>");
		assertThat(message.getMessageID()).isEqualTo(email.messageId());
		assertThat(message.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-03-01T09:30:00Z"));
	}

	@Test
	void htmlPartEscapesWhatTheReaderTyped() throws Exception {
		ComposedEmail email = compose("<b>Ann</b>", "Hello");
		String html = (String) ((Multipart) parse(email).getContent()).getBodyPart(1).getContent();
		assertThat(html).contains("Hello &lt;b&gt;Ann&lt;/b&gt;,").doesNotContain("Hello <b>Ann</b>,</p>");
	}

}
