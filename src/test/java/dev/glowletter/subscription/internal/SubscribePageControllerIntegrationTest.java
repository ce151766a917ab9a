package dev.glowletter.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.glowletter.WebSlice;
import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.Subscriptions;
import dev.glowletter.subscription.TooManyRequests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The reader's sign-up page and its embeddable twin, with what {@link Signups} decides
 * mocked.
 */
@WebSlice(SubscribePageController.class)
class SubscribePageControllerIntegrationTest {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Signups signups;

	@MockitoBean
	Subscriptions subscriptions;

	@BeforeEach
	void consentText() {
		given(subscriptions.consentText()).willReturn("Yes, send me the newsletter.");
	}

	private static String page(ResultActions result) throws Exception {
		return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
	}

	@Test
	void acceptedSignUpGoesToCheckYourInboxAndTheEmbedFormSaysWhereItCameFrom() throws Exception {
		mvc.perform(post("/subscribe/embed").param("email", "ann@example.org").param("consent", "true"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/check-your-inbox"));
		verify(signups).accept(eq(new SignupForm("ann@example.org", null, true, null)), eq(ConsentSource.EMBED), any());
	}

	@Test
	void refusedSignUpShowsTheFormAgainWithEachMessageNextToItsFieldAndWhatWasTyped() throws Exception {
		Map<String, String> problems = new LinkedHashMap<>();
		problems.put("email", "Please enter a valid e-mail address.");
		problems.put("consent", "Please tick the box to agree to receive the newsletter.");
		willThrow(new Signups.Invalid(problems)).given(signups).accept(any(), any(), any());

		String page = page(mvc.perform(post("/subscribe").param("email", "ann@").param("firstName", "Ann"))
			.andExpect(status().isBadRequest()));

		assertThat(page)
			.contains("<p class=\"field-error\" id=\"email-error\">Please enter a valid e-mail address.</p>")
			.contains("<p class=\"field-error\" id=\"consent-error\">Please tick the box to agree to receive the "
					+ "newsletter.</p>")
			.doesNotContain("id=\"firstName-error\"")
			.contains("value=\"ann@\"")
			.contains("value=\"Ann\"")
			.containsPattern(
					"(?s)Please check the form:.*<li>Please enter a valid e-mail address.</li><li>Please tick the box");
	}

	@Test
	void signUpOverTheLimitGetsThe429PageSayingWhen() throws Exception {
		willThrow(new TooManyRequests(
				"Too many sign-ups came from your network in the last hour. Please try again later.",
				"tooMany.signupsFromIp", Duration.ofMillis(1_800_001)))
			.given(signups)
			.accept(any(), any(), any());

		String page = page(mvc.perform(post("/subscribe").param("email", "ann@example.org").param("consent", "true"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "1801")));

		assertThat(page).contains("Please wait a little")
			.contains("Too many sign-ups came from your network in the last hour. Please try again later.");
	}

	@Test
	void signUpWhenTooManyAreUnderWayGetsA503PageSayingWhenToComeBack() throws Exception {
		willThrow(new Signups.Busy()).given(signups).accept(any(), any(), any());

		String page = page(mvc.perform(post("/subscribe").param("email", "ann@example.org").param("consent", "true"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "2")));

		assertThat(page).contains("Please wait a little").contains("Please try again in a moment.");
	}

}
