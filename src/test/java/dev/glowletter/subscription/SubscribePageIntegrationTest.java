package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Point 1 of the reader's path: the sign-up page at {@code /} and its embeddable twin.
 */
class SubscribePageIntegrationTest extends ReaderFixtures {

	private String page() throws Exception {
		return mvc.perform(get("/")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
	}

	/** The opening tag of the input with that id. */
	private static String input(String html, String id) {
		Matcher matcher = Pattern.compile("<input[^>]*\\bid=\"" + id + "\"[^>]*>").matcher(html);
		assertThat(matcher.find()).as("an input with id " + id).isTrue();
		return matcher.group();
	}

	@Test
	void pageNamesTheListAndSaysWhatReadersGet() throws Exception {
		String html = page();
		assertThat(html).contains("<h1>Beauty resources, tips, and news</h1>")
			.contains("microneedling for hair regrowth");
	}

	@Test
	void pageIsMadeForPhonesAndNeedsNoJavaScript() throws Exception {
		String html = page();
		assertThat(html).contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.contains("<html lang=\"en\">")
			.containsPattern("<form method=\"post\" action=\"/subscribe\"");
		// one script file, deferred, that only fills in the time zone (issue 16): the
		// form
		// works without it, and there is no inline script
		assertThat(html.replace("<script src=\"/js/time-zone.js\" defer></script>", "")).doesNotContain("<script");
	}

	@Test
	void everyVisibleInputHasALabel() throws Exception {
		String html = page();
		for (String id : new String[] { "email", "firstName", "consent" }) {
			input(html, id);
			assertThat(html).as("label for " + id).containsPattern("<label[^>]*for=\"" + id + "\"");
		}
		assertThat(input(html, "email")).contains("type=\"email\"").contains("name=\"email\"");
		assertThat(input(html, "firstName")).contains("name=\"firstName\"");
	}

	@Test
	void consentCheckboxIsUntickedAndItsTextNamesTheList() throws Exception {
		String html = page();
		String checkbox = input(html, "consent");
		assertThat(checkbox).contains("type=\"checkbox\"").doesNotContain("checked");
		assertThat(html).containsPattern(
				"<label class=\"check\" for=\"consent\">[\\s\\S]*?Beauty resources, tips, and news[\\s\\S]*?</label>");
	}

	@Test
	void honeypotFieldIsHiddenFromPeopleAndKeyboards() throws Exception {
		String html = page();
		String honeypot = input(html, "website");
		assertThat(honeypot).contains("tabindex=\"-1\"").contains("autocomplete=\"off\"");
		assertThat(html).containsPattern(
				"<div class=\"honeypot\" aria-hidden=\"true\">\\s*<label[^>]*>[^<]*</label>\\s*<input id=\"website\"");
	}

	@Test
	void formCarriesACsrfToken() throws Exception {
		assertThat(page()).containsPattern("<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]{20,}\">");
	}

	@Test
	void formPostWithoutCsrfTokenIsRefusedStoresNothingAndLeadsBackToTheFormWithANote() throws Exception {
		String email = newAddress("nocsrf");
		mvc.perform(post("/subscribe").with(freshIp()).param("email", email).param("consent", "true"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/?expired"));
		assertThat(isKnown(email)).isFalse();
		mvc.perform(get("/").param("expired", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(Matchers.containsString("nothing was sent")));
	}

	@Test
	void otherFormPostsWithoutCsrfTokenStayForbidden() throws Exception {
		mvc.perform(post("/dev/inbox/clear")).andExpect(status().isForbidden());
	}

	@Test
	void embeddedFormWorksWithoutCsrfTokenAndRecordsSourceEmbed() throws Exception {
		String email = newAddress("embed");
		mvc.perform(post("/subscribe/embed").with(freshIp()).param("email", email).param("consent", "true"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/check-your-inbox"));
		assertThat(jdbc.sql("SELECT source FROM consent WHERE subscriber_id = ?")
			.param(idOf(email))
			.query(String.class)
			.single()).isEqualTo("EMBED");
	}

	@Test
	void embedSnippetPostsToTheEmbedEndpointWithHoneypotAndConsent() throws Exception {
		String html = mvc.perform(get("/embed"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("action=&quot;http://localhost:8080/subscribe/embed&quot;")
			.contains("Get updated with beauty resources, tips, and news")
			.contains("name=&quot;website&quot;")
			.contains("name=&quot;consent&quot;");
	}

	@Test
	void checkYourInboxPageSaysWhatToDoNext() throws Exception {
		String email = newAddress("next");
		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
		String html = mvc.perform(get("/check-your-inbox"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("<h1>Check your inbox</h1>").contains("spam");
	}

	@Test
	void formPostWithCsrfTokenCreatesAPendingReader() throws Exception {
		String email = newAddress("browser");
		signUp(email).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/check-your-inbox"));
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.PENDING);
	}

}
