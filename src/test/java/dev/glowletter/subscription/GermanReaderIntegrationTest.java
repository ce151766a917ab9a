package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.glowletter.IntegrationTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A list in German ({@code glowletter.list.locale=de}, one context of its own): its
 * reader pages and e-mails speak German, whatever the browser asks for; the admin pages
 * stay English.
 */
@TestPropertySource(properties = "glowletter.list.locale=de")
class GermanReaderIntegrationTest extends IntegrationTest {

	@Test
	void theSignUpPageReadsInGermanWhateverTheBrowserAsks() throws Exception {
		String html = mvc.perform(get("/").locale(Locale.FRENCH))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("<html lang=\"de\">")
			.contains("<label for=\"email\">E-Mail-Adresse</label>")
			.contains(">Abonnieren</button>")
			.doesNotContain(">Subscribe</button>");
	}

	@Test
	void theFormsProblemsAreGermanAndEscaped() throws Exception {
		String html = mvc.perform(post("/subscribe").with(csrf()).param("email", "<b>nope").param("firstName", "a<b>"))
			.andExpect(status().isBadRequest())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("Bitte prüfen Sie das Formular:")
			.contains("Bitte geben Sie eine E-Mail-Adresse wie name@example.com ein.")
			.contains("Bitte setzen Sie das Häkchen")
			.contains("Ihr Vorname darf keine Zeilenumbrüche")
			.doesNotContain("<b>nope");
	}

	@Test
	void theOtherReaderPagesAreGerman() throws Exception {
		assertThat(page("/check-your-inbox", 200)).contains("Prüfen Sie Ihren Posteingang");
		assertThat(page("/unsubscribe/not-a-token", 404)).contains("<html lang=\"de\">");
	}

	@Test
	void theConfirmationMailIsGerman() throws Exception {
		mvc.perform(
				post("/subscribe").with(csrf()).param("email", "german.reader@example.org").param("consent", "true"));
		;
		MimeMessage mail = awaitMails("german.reader@example.org", 1).get(0);
		assertThat(mail.getSubject())
			.isEqualTo("Bitte bestätigen Sie Ihr Abonnement von Beauty resources, tips, and news");
		assertThat(GreenMailUtil.getBody(mail).replace("=\r\n", "")).contains("Der Link gilt")
			.contains("lang=3D\"de\"");
	}

	private String page(String path, int status) throws Exception {
		return mvc.perform(get(path)).andExpect(status().is(status)).andReturn().getResponse().getContentAsString();
	}

}
