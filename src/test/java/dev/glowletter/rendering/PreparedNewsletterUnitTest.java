package dev.glowletter.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import dev.glowletter.GlowletterProperties;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A prepared newsletter fills in each reader and gives, part for part, what the full
 * render gives.
 */
class PreparedNewsletterUnitTest {

	private final Newsletters newsletters = NewsletterFixtures.newsletters();

	static List<Recipient> readers() {
		return List.of(new Recipient(42, "rosa@example.org", "Rosa", 3), new Recipient(43, "anon@example.org", null, 1),
				new Recipient(44, "zoe@example.org", "Zo\u00eb <b>&amp;</b> O'Hara \"Z\"", 7),
				new Recipient(45, "leser@xn--bcher-kva.example", "J\u00fcrgen", 1), new Recipient(46,
						"long@example.org", "A very long first name that goes on and on and on and on and on", 1));
	}

	private static MimeMessage parse(ComposedEmail email) throws Exception {
		return new MimeMessage(Session.getInstance(new Properties()),
				new ByteArrayInputStream(email.mime().getBytes(StandardCharsets.US_ASCII)));
	}

	private static String part(MimeMessage message, int index) throws Exception {
		return ((String) ((MimeMultipart) message.getContent()).getBodyPart(index).getContent()).replace("\r\n", "\n");
	}

	@ParameterizedTest
	@MethodSource("readers")
	void filledInCopyEqualsTheFullyRenderedOne(Recipient reader) throws Exception {
		PreparedNewsletter prepared = newsletters.prepare(NewsletterFixtures.digest(),
				"https://news.example.org/view/abc");
		assertThat(prepared.isFast()).isTrue();
		MimeMessage fast = parse(prepared.compose(reader));
		MimeMessage full = parse(
				newsletters.compose(NewsletterFixtures.digest(), reader, "https://news.example.org/view/abc"));

		assertThat(fast.getSubject()).isEqualTo(full.getSubject());
		assertThat(((InternetAddress) fast.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal())
			.isEqualTo(((InternetAddress) full.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal());
		assertThat(fast.getRecipients(MimeMessage.RecipientType.TO)[0])
			.isEqualTo(full.getRecipients(MimeMessage.RecipientType.TO)[0]);
		assertThat(fast.getFrom()).isEqualTo(full.getFrom());
		for (String header : List.of("List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "MIME-Version")) {
			assertThat(fast.getHeader(header, null)).as(header).isEqualTo(full.getHeader(header, null));
		}
		assertThat(fast.getContentType()).startsWith("multipart/alternative");
		assertThat(part(fast, 0)).isEqualTo(part(full, 0));
		assertThat(part(fast, 1)).isEqualTo(part(full, 1));
		assertThat(fast.getMessageID()).endsWith("@glowletter.example>").isNotEqualTo(full.getMessageID());
		assertThat(fast.getSentDate()).isNotNull();
	}

	@Test
	void everyLineOfTheWireFormStaysWithinTheLimitsAndIsSevenBit() throws Exception {
		String mime = newsletters.prepare(NewsletterFixtures.digest(), null).compose(readers().get(2)).mime();
		assertThat(mime.chars().allMatch(c -> c < 128)).isTrue();
		for (String line : mime.split("\r\n", -1)) {
			assertThat(line.length()).as(line).isLessThanOrEqualTo(998);
		}
		String body = mime.substring(mime.indexOf("\r\n\r\n"));
		for (String line : body.split("\r\n", -1)) {
			assertThat(line.length()).as(line).isLessThanOrEqualTo(76);
		}
		assertThat(mime).doesNotContain("\n\n").doesNotContainPattern("[^\r]\n");
	}

	@Test
	void nameTypedAsAnEncodedWordIsShownLiterallyInToAndSubject() throws Exception {
		String typed = "=?UTF-8?B?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?=";
		Recipient reader = new Recipient(47, "mallory@example.org", typed, 1);
		PreparedNewsletter prepared = newsletters.prepare(NewsletterFixtures.digest(), null);
		assertThat(prepared.isFast()).isTrue();

		for (MimeMessage message : List.of(parse(prepared.compose(reader)),
				parse(newsletters.compose(NewsletterFixtures.digest(), reader, null)))) {
			assertThat(((InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal())
				.isEqualTo(typed);
			assertThat(MimeUtility.decodeText(message.getHeader("To", null))).doesNotContain("<script>");
			assertThat(message.getSubject()).isEqualTo("Hi " + typed + ", this week in beauty");
		}
	}

	@Test
	void senderAndListNamesTypedAsEncodedWordsAreShownLiterally() throws Exception {
		String typed = "=?UTF-8?B?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?=";
		Newsletters custom = NewsletterFixtures.newsletters(new GlowletterProperties("https://news.example.org",
				new GlowletterProperties.MailingList("News " + typed, null, null),
				new GlowletterProperties.Sender("news@glowletter.example", typed, "1 Street")));
		Recipient reader = new Recipient(48, "rosa@example.org", "Rosa", 1);

		for (MimeMessage message : List.of(parse(custom.prepare(NewsletterFixtures.digest(), null).compose(reader)),
				parse(custom.compose(NewsletterFixtures.digest(), reader, null)))) {
			assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo(typed);
			assertThat(MimeUtility.decodeText(message.getHeader("From", null))).doesNotContain("<script>");
			assertThat(MimeUtility.decodeText(message.getHeader("List-Id", null))).contains("News " + typed)
				.doesNotContain("<script>");
		}
	}

	@Test
	void theDateHasItsZoneAsANumberAsRfc5322Asks() throws Exception {
		MimeMessage message = parse(newsletters.prepare(NewsletterFixtures.digest(), null).compose(readers().get(0)));
		assertThat(message.getHeader("Date", null))
			.matches("\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}");
		assertThat(message.getSentDate()).isNotNull();
	}

	@Test
	void nameCannotAddAHeader() throws Exception {
		MimeMessage message = parse(newsletters.prepare(NewsletterFixtures.digest(), null)
			.compose(new Recipient(1, "ann@example.org", "Ann\r\nBcc: x@evil.test", 1)));
		assertThat(message.getHeader("Bcc")).isNull();
		assertThat(message.getSubject()).doesNotContain("\n");
	}

	@Test
	void templateThatTransformsTheNameIsRenderedInFullAndStillRight(@TempDir Path dir) throws Exception {
		for (String name : List.of("layout.ftlh", "layout.ftl")) {
			Files.copy(Path.of("email-templates", name), dir.resolve(name));
		}
		Files.writeString(dir.resolve("shout.ftlh"), "<p>HELLO ${(subscriber.firstName!'you')?upper_case}</p>");
		Files.writeString(dir.resolve("shout.ftl"), "HELLO ${(subscriber.firstName!'you')?upper_case}");
		Newsletters custom = NewsletterFixtures.newsletters(dir.toString(), null);
		NewsletterContent content = new NewsletterContent("Hi", null, null, "shout", NewsletterFixtures.fiveCards());

		PreparedNewsletter prepared = custom.prepare(content, null);
		assertThat(prepared.isFast()).isFalse();
		MimeMessage message = parse(prepared.compose(new Recipient(1, "rosa@example.org", "Rosa", 1)));
		assertThat(part(message, 1)).isEqualTo("<p>HELLO ROSA</p>");
	}

}
