package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/**
 * Point 6 of the reader's path: every e-mail it sends, as the reader's mailbox receives
 * it.
 */
class ReaderMailsIntegrationTest extends ReaderFixtures {

	/** Confirmation, welcome, "already subscribed" and data export, all to one reader. */
	private List<MimeMessage> everyMailOfThePath(String email, String firstName) throws Exception {
		String unsubscribe = confirmedReader(email, firstName);
		signUp(email, firstName);
		mvc.perform(post(unsubscribe + "/export")).andExpect(status().isOk());
		return List.of(lastMail(email, "Please confirm"), lastMail(email, "Welcome"),
				lastMail(email, "You are already"), lastMail(email, "Your data"));
	}

	private static String source(MimeMessage message) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		message.writeTo(out);
		return out.toString(StandardCharsets.US_ASCII);
	}

	private static String headerSection(MimeMessage message) throws Exception {
		String source = source(message);
		return source.substring(0, source.indexOf("\r\n\r\n"));
	}

	/**
	 * The multipart/alternative part: the message itself, or the first part of a mixed
	 * one (with an attachment).
	 */
	private static Multipart alternative(MimeMessage message) throws Exception {
		Multipart top = (Multipart) message.getContent();
		if (top.getContentType().startsWith("multipart/mixed")) {
			return (Multipart) top.getBodyPart(0).getContent();
		}
		return top;
	}

	@Test
	void everyMailIsMultipartAlternativeWithTextFirstAndHtmlLast() throws Exception {
		for (MimeMessage mail : everyMailOfThePath(newAddress("parts"), "")) {
			Multipart alternative = alternative(mail);
			assertThat(alternative.getContentType()).as(mail.getSubject()).startsWith("multipart/alternative");
			BodyPart first = alternative.getBodyPart(0);
			BodyPart last = alternative.getBodyPart(alternative.getCount() - 1);
			assertThat(first.isMimeType("text/plain")).as(mail.getSubject()).isTrue();
			assertThat(last.isMimeType("text/html")).as(mail.getSubject()).isTrue();
		}
	}

	@Test
	void everyMailComesFromTheConfiguredSender() throws Exception {
		for (MimeMessage mail : everyMailOfThePath(newAddress("from"), "")) {
			InternetAddress from = (InternetAddress) mail.getFrom()[0];
			assertThat(from.getAddress()).as(mail.getSubject()).isEqualTo("news@glowletter.example");
			assertThat(from.getPersonal()).isEqualTo("Glowletter");
		}
	}

	@Test
	void everyMailHasAWellFormedMessageIdOnTheSendersDomainAndADate() throws Exception {
		for (MimeMessage mail : everyMailOfThePath(newAddress("ids"), "")) {
			assertThat(mail.getMessageID()).as(mail.getSubject()).matches("<[0-9a-f]{32}@glowletter\\.example>");
			assertThat(mail.getSentDate()).isNotNull();
			assertThat(mail.getHeader("Date", null))
				.matches("\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}.*");
		}
	}

	@Test
	void everyMailCarriesTheListId() throws Exception {
		for (MimeMessage mail : everyMailOfThePath(newAddress("listid"), "")) {
			assertThat(mail.getHeader("List-Id", null)).as(mail.getSubject())
				.isEqualTo("\"Beauty resources, tips, and news\" <beauty-resources-tips-and-news.glowletter.example>");
		}
	}

	@Test
	void mailsToSubscribedReadersCarryOneClickUnsubscribeAndTheConfirmationDoesNot() throws Exception {
		List<MimeMessage> mails = everyMailOfThePath(newAddress("unsub"), "");
		assertThat(mails.get(0).getHeader("List-Unsubscribe")).isNull();
		for (MimeMessage mail : mails.subList(1, mails.size())) {
			assertThat(unsubscribePath(mail)).as(mail.getSubject()).startsWith("/unsubscribe/");
			assertThat(mail.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
		}
	}

	@Test
	void everyMailIsRenderedFromTheTemplatesWithTheFooter() throws Exception {
		for (MimeMessage mail : everyMailOfThePath(newAddress("footer"), "")) {
			Multipart alternative = alternative(mail);
			String text = (String) alternative.getBodyPart(0).getContent();
			String html = (String) alternative.getBodyPart(1).getContent();
			assertThat(text).as(mail.getSubject()).contains("Glowletter \u00b7 Glowletter (example address");
			assertThat(html).as(mail.getSubject())
				.contains("<table role=\"presentation\"")
				.contains("Glowletter &middot; ");
		}
	}

	@Test
	void nonAsciiFirstNameIsRfc2047EncodedInTheToHeader() throws Exception {
		String email = newAddress("zoe");
		for (MimeMessage mail : everyMailOfThePath(email, "Zo\u00eb")) {
			String to = mail.getHeader("To", null);
			assertThat(to).as(mail.getSubject()).contains("=?UTF-8?").doesNotContain("\u00eb");
			assertThat(((InternetAddress) mail.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal())
				.isEqualTo("Zo\u00eb");
			assertThat((String) alternative(mail).getBodyPart(0).getContent()).startsWith("Hello Zo\u00eb,");
		}
	}

	@Test
	void rawSourceIsSevenBitAscii() throws Exception {
		for (MimeMessage mail : everyMailOfThePath(newAddress("ascii"), "Zo\u00eb")) {
			assertThat(source(mail).chars().allMatch(c -> c < 128)).as(mail.getSubject()).isTrue();
		}
	}

	@Test
	void firstNameWithALineBreakThroughTheApiProducesNoExtraHeader() throws Exception {
		String email = newAddress("inject");
		signUpByApi("{\"email\":\"" + email + "\",\"consent\":true,\"firstName\":\"Ann\\r\\nBcc: x@evil.test\"}")
			.andExpect(status().isBadRequest());
		signUpByApi("{\"email\":\"" + email + "\",\"consent\":true,\"firstName\":\"Ann\"}")
			.andExpect(status().isAccepted());

		MimeMessage confirmation = lastMail(email, "Please confirm");
		assertThat(headerSection(confirmation)).doesNotContainPattern("(?im)^bcc:");
		assertThat(confirmation.getHeader("Bcc")).isNull();
		assertThat(mailsTo("x@evil.test")).isEmpty();
	}

}
