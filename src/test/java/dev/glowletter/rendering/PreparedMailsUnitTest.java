package dev.glowletter.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.glowletter.TestClock;
import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.RenderingProperties;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's mails filled in from a prepared shape read, part by part, as the full
 * template run writes them, and fit the buffer their shape starts them with; a template
 * that does more with a text than show it is rendered the full way, and an edited
 * template shows up.
 */
class PreparedMailsUnitTest {

	private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-01T09:30:00Z"));

	private static final String UNSUBSCRIBE = "https://news.example.org/unsubscribe/12.AbC-_x";

	@TempDir
	Path dir;

	/** The folder's templates, with shapes kept (2 s) or none (an update delay of 0). */
	private static EmailTemplates templates(String folder, Duration updateDelay) throws Exception {
		return new EmailTemplates(new RenderingProperties(folder, updateDelay, null, null, "email", null));
	}

	private static MessageComposer composer(EmailTemplates templates) {
		return new MessageComposer(templates, SignedLinksUnitTest.PROPERTIES, CLOCK);
	}

	/**
	 * The models the reader's path gives its mails (see ReaderMails), with their links.
	 */
	private static List<Email> readerMails(String address, String name) {
		Map<String, Object> reader = new HashMap<>();
		reader.put("email", address);
		if (name != null) {
			reader.put("firstName", name);
		}
		reader.put("fields", Map.of());
		List<Email> mails = new ArrayList<>();
		mails.add(new Email(address, name, "Please confirm", "confirm",
				Map.of("subscriber", reader, "confirmUrl", "https://news.example.org/confirm/t0k&n", "validHours", 48),
				null));
		mails.add(new Email(address, name, "Already", "already-subscribed", Map.of("subscriber", reader), UNSUBSCRIBE));
		mails.add(new Email(address, name, "Welcome", "welcome", Map.of("subscriber", reader), UNSUBSCRIBE));
		mails.add(new Email(address, name, "Goodbye", "goodbye", Map.of("subscriber", reader), null));
		mails.add(new Email("new@example.org", name, "Your new address", "confirm-address",
				Map.of("subscriber", reader, "newEmail", "n\u00e9w@example.org", "confirmUrl",
						"https://news.example.org/preferences/address/x<y", "validHours", 48),
				null));
		mails.add(new Email(address, name, "Changed", "address-changed",
				Map.of("subscriber", reader, "oldEmail", address, "newEmailMasked", "n***@example.org"), null));
		return mails;
	}

	private static String[] parts(ComposedEmail composed) throws Exception {
		MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
				new ByteArrayInputStream(composed.mime().getBytes(StandardCharsets.US_ASCII)));
		Multipart alternative = (Multipart) message.getContent();
		return new String[] { message.getSubject(), message.getHeader("List-Unsubscribe", ","),
				(String) alternative.getBodyPart(0).getContent(), alternative.getBodyPart(0).getContentType(),
				(String) alternative.getBodyPart(1).getContent(), alternative.getBodyPart(1).getContentType() };
	}

	@Test
	void readerMailsFilledInReadAsTheFullRun() throws Exception {
		EmailTemplates kept = templates("email-templates", Duration.ofSeconds(2));
		PreparedMails prepared = new PreparedMails(kept, composer(kept)::commonModel);
		MessageComposer fast = composer(kept);
		MessageComposer full = composer(templates("email-templates", Duration.ZERO));
		List<Email> mails = new ArrayList<>();
		mails.addAll(readerMails("ann@example.org", "Ann"));
		mails.addAll(readerMails("zo\u00eb@example.org", "Zo\u00eb & <Co> \"x\" 'y' =3D"));
		mails.addAll(readerMails("bo@example.org", null));
		mails.addAll(readerMails("x@example.org", "  "));
		for (Email email : mails) {
			prepared.filling(email);
			assertThat(prepared.filling(email)).as(email.template() + " is filled in").isNotNull();
			// twice: the second from the shape kept
			for (int i = 0; i < 2; i++) {
				ComposedEmail filled = fast.compose(email, "<a@example.org>");
				assertThat(filled.mime().substring(filled.mime().indexOf("\r\n\r\n")).chars().allMatch(c -> c < 128))
					.isTrue();
				assertThat(filled.mime().substring(filled.mime().indexOf("\r\n\r\n")).lines())
					.allMatch(line -> line.length() <= 76);
				assertThat(parts(filled)).as(email.template() + " for " + email.toName())
					.containsExactly(parts(full.compose(email, "<a@example.org>")));
				// the wire's bytes are the same source, and the buffer they were written
				// in was large enough from the start
				byte[] wire = fast.composeMime(email, "<a@example.org>");
				assertThat(new String(wire, StandardCharsets.US_ASCII))
					.isEqualTo(fast.compose(email, "<a@example.org>").mime());
				assertThat(prepared.filling(email).shape().sizeHint()).isGreaterThanOrEqualTo(wire.length);
			}
		}
		assertThat(parts(fast.compose(mails.get(0), "<a@example.org>"))[2]).contains("Ann")
			.contains("https://news.example.org/confirm/t0k&n");
	}

	@Test
	void aTemplateThatComputesWithATextIsRenderedInFull() throws Exception {
		Files.writeString(dir.resolve("shout.ftlh"),
				"<p>HELLO ${subscriber.firstName?upper_case}, ${confirmUrl?length} ${subscriber.email}</p>");
		Files.writeString(dir.resolve("shout.ftl"), "HELLO ${subscriber.firstName}");
		EmailTemplates kept = templates(dir.toString(), Duration.ofSeconds(2));
		Email email = new Email("ann@example.org", "Ann", "Hi", "shout", Map.of("subscriber",
				Map.of("email", "ann@example.org", "firstName", "Ann", "fields", Map.of()), "confirmUrl", "abc"), null);

		PreparedMails prepared = new PreparedMails(kept, composer(kept)::commonModel);
		assertThat(prepared.filling(email)).isNull();
		assertThat(prepared.filling(email)).isNull();
		assertThat(parts(composer(kept).compose(email, "<a@example.org>"))[4])
			.isEqualTo("<p>HELLO ANN, 3 ann@example.org</p>");
	}

	@Test
	void mailsWithFieldValuesListsOrAttachmentsAreRenderedInFull() throws Exception {
		EmailTemplates kept = templates("email-templates", Duration.ofSeconds(2));
		PreparedMails prepared = new PreparedMails(kept, composer(kept)::commonModel);
		Map<String, Object> withField = Map.of("email", "ann@example.org", "fields", Map.of("skinType", "Oily"));

		assertThat(prepared
			.filling(new Email("ann@example.org", null, "W", "welcome", Map.of("subscriber", withField), UNSUBSCRIBE)))
			.isNull();
		assertThat(prepared.filling(new Email("ann@example.org", null, "W", "welcome",
				Map.of("subscriber", Map.of("email", "ann@example.org"), "articles", List.of()), UNSUBSCRIBE)))
			.isNull();
		assertThat(prepared.filling(new Email("ann@example.org", null, "W", "welcome",
				Map.of("subscriber", Map.of("email", "ann@example.org")), UNSUBSCRIBE,
				new Email.Attachment("a.json", "application/json", new byte[] { '{', '}' }))))
			.isNull();
	}

	@Test
	void mailsOfAKindOfTheirOwnCostNoShape() throws Exception {
		EmailTemplates kept = templates("email-templates", Duration.ofSeconds(2));
		PreparedMails prepared = new PreparedMails(kept, composer(kept)::commonModel);
		Email confirmation = readerMails("ann@example.org", "Ann").get(0);
		prepared.filling(confirmation);
		assertThat(prepared.filling(confirmation)).isNotNull();

		// each with a number of its own, as an API's mails may be: never two of a kind
		for (int i = 0; i < 3 * PreparedMails.MAX_SHAPES; i++) {
			Email once = new Email("ann@example.org", null, "Your order", "confirm",
					Map.of("subscriber", Map.of("email", "ann@example.org"), "confirmUrl",
							"https://news.example.org/confirm/x", "validHours", i),
					null);
			assertThat(prepared.filling(once)).isNull();
		}
		// the kinds seen are forgotten when there are too many: the confirmation's shape
		// is made again at its second mail
		prepared.filling(confirmation);
		assertThat(prepared.filling(confirmation)).isNotNull();
	}

	@Test
	void anEditedTemplateShowsUpAfterTheUpdateDelay() throws Exception {
		Files.writeString(dir.resolve("note.ftlh"), "<p>Before, ${subscriber.email}</p>");
		Files.writeString(dir.resolve("note.ftl"), "Before, ${subscriber.email}");
		MessageComposer composer = composer(templates(dir.toString(), Duration.ofMillis(50)));
		Email email = new Email("ann@example.org", null, "Hi", "note",
				Map.of("subscriber", Map.of("email", "ann@example.org")), null);
		assertThat(parts(composer.compose(email, "<a@example.org>"))[4]).isEqualTo("<p>Before, ann@example.org</p>");

		Files.writeString(dir.resolve("note.ftlh"), "<p>After, ${subscriber.email}</p>");
		Files.writeString(dir.resolve("note.ftl"), "After, ${subscriber.email}");
		dir.resolve("note.ftlh").toFile().setLastModified(System.currentTimeMillis() + 5000);
		dir.resolve("note.ftl").toFile().setLastModified(System.currentTimeMillis() + 5000);

		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> parts(composer.compose(email, "<a@example.org>"))[4].equals("<p>After, ann@example.org</p>"));
	}

}
