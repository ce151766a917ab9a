package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.glowletter.IntegrationTest;
import jakarta.mail.internet.MimeMessage;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class ReaderPathIntegrationTest extends IntegrationTest {

	@Autowired
	Subscriptions subscriptions;

	@Test
	void readerSubscribesConfirmsFromTheMailAndUnsubscribesWithOneClick() throws Exception {
		mvc.perform(post("/subscribe").with(csrf())
			.param("email", "reader@example.org")
			.param("firstName", "Rosa")
			.param("consent", "true"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/check-your-inbox"));

		MimeMessage confirmation = awaitMails("reader@example.org", 1).get(0);
		String confirmPath = link(confirmation, "/confirm/");
		mvc.perform(get(confirmPath))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("Yes, subscribe me")));
		assertThat(statusOf("reader@example.org")).isEqualTo(SubscriberStatus.PENDING);

		mvc.perform(post(confirmPath).with(csrf())).andExpect(status().isOk());
		assertThat(statusOf("reader@example.org")).isEqualTo(SubscriberStatus.CONFIRMED);

		List<MimeMessage> mails = awaitMails("reader@example.org", 2);
		MimeMessage welcome = mails.get(1);
		assertThat(welcome.getSubject()).startsWith("Welcome");
		String unsubscribeUrl = welcome.getHeader("List-Unsubscribe", null);
		assertThat(welcome.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
		String unsubscribePath = unsubscribeUrl.replaceAll("^<https?://[^/]+", "").replaceAll(">$", "");

		mvc.perform(post(unsubscribePath).contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("List-Unsubscribe=One-Click")).andExpect(status().isOk());
		assertThat(statusOf("reader@example.org")).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
	}

	private SubscriberStatus statusOf(String email) {
		return subscriptions.findByEmail(EmailAddress.parse(email)).orElseThrow().status();
	}

	static String link(MimeMessage message, String pathPrefix) {
		Matcher matcher = Pattern.compile("https?://[^/\\s]+(" + Pattern.quote(pathPrefix) + "[A-Za-z0-9_-]+)")
			.matcher(GreenMailUtil.getBody(message).replace("=\r\n", ""));
		assertThat(matcher.find()).as("a link to " + pathPrefix + " in the e-mail").isTrue();
		return matcher.group(1);
	}

}
