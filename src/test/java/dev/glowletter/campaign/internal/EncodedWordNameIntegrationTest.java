package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.glowletter.campaign.CampaignStatus;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A first name typed as an RFC 2047 encoded-word is shown in every header as typed, never
 * decoded into markup.
 */
class EncodedWordNameIntegrationTest extends CampaignTestSupport {

	/** {@code <script>alert(1)</script>}, as an encoded-word. */
	private static final String TYPED = "=?UTF-8?B?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?=";

	@Test
	void nameTypedAsAnEncodedWordReadsLiterallyInTheConfirmationAndInTheCampaignCopy() throws Exception {
		String email = "encoded-word-" + System.nanoTime() + "@example.org";
		mvc.perform(post("/api/subscriptions").with(request -> {
			request.setRemoteAddr("198.51.100.61");
			return request;
		})
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + email + "\",\"firstName\":\"" + TYPED + "\",\"consent\":true}"))
			.andExpect(status().isAccepted());
		MimeMessage confirmation = awaitMails(email, 1).get(0);
		assertShownAsTyped(confirmation, "Please confirm your subscription to Beauty resources, tips, and news");

		mvc.perform(post(confirmPath(confirmation)).with(csrf())).andExpect(status().isOk());
		long id = campaign("News for ${subscriber.firstName!\"you\"}",
				article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			scheduler.tick();
			return campaignStatus(id) == CampaignStatus.SENT;
		});
		MimeMessage copy = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> mailsTo(email).stream().filter(m -> subject(m).startsWith("News for")).findFirst(),
					Optional::isPresent)
			.orElseThrow();
		assertShownAsTyped(copy, "News for " + TYPED);
	}

	private static void assertShownAsTyped(MimeMessage mail, String subject) throws Exception {
		InternetAddress to = (InternetAddress) mail.getRecipients(MimeMessage.RecipientType.TO)[0];
		assertThat(to.getPersonal()).as("To").isEqualTo(TYPED);
		assertThat(MimeUtility.decodeText(MimeUtility.unfold(header(mail, "To")))).as("To").doesNotContain("<script>");
		assertThat(mail.getSubject()).isEqualTo(subject);
		assertThat(MimeUtility.decodeText(MimeUtility.unfold(header(mail, "Subject")))).isEqualTo(subject);
	}

	private static String header(MimeMessage mail, String name) {
		try {
			return mail.getHeader(name, null);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String subject(MimeMessage mail) {
		try {
			return mail.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String confirmPath(MimeMessage mail) {
		Matcher matcher = Pattern.compile("https?://[^/\\s]+(/confirm/[A-Za-z0-9_-]+)")
			.matcher(GreenMailUtil.getBody(mail).replace("=\r\n", ""));
		assertThat(matcher.find()).as("a confirmation link").isTrue();
		return matcher.group(1);
	}

}
