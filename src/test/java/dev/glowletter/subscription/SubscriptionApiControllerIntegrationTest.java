package dev.glowletter.subscription;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.glowletter.WebSlice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The sign-up API's answers, with what {@link Signups} decides mocked: the web layer alone. */
@WebSlice(SubscriptionApiController.class)
class SubscriptionApiControllerIntegrationTest {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Signups signups;

	@Test
	void acceptedSignUpIsA202WithTheSameWordsForEveryAddressAndNamesTheEmbedAsItsSource() throws Exception {
		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"ann@example.org\",\"firstName\":\"Ann\",\"consent\":true,\"source\":\"Embed\"}"))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("pending"))
			.andExpect(jsonPath("$.message").value("Thanks! Check your inbox for an e-mail to confirm your subscription."));
		verify(signups).accept(eq(new SignupForm("ann@example.org", "Ann", true, null)), eq(ConsentSource.EMBED), any());
	}

	@Test
	void refusedSignUpIsA400ProblemNamingEachFieldWithItsMessage() throws Exception {
		Map<String, String> problems = new LinkedHashMap<>();
		problems.put("email", "Please enter a valid e-mail address.");
		problems.put("consent", "Please tick the box to agree to receive the newsletter.");
		willThrow(new Signups.Invalid(problems)).given(signups).accept(any(), any(), any());

		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"ann\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.title").value("The sign-up is incomplete"))
			.andExpect(jsonPath("$.type").value("urn:glowletter:problem:invalid-signup"))
			.andExpect(jsonPath("$.detail").value("Please enter a valid e-mail address. Please tick the box to agree to receive the newsletter."))
			.andExpect(jsonPath("$.errors.email").value("Please enter a valid e-mail address."))
			.andExpect(jsonPath("$.errors.consent").value("Please tick the box to agree to receive the newsletter."))
			.andExpect(jsonPath("$.errors.length()").value(2));
	}

	@Test
	void signUpOverTheLimitIsA429ProblemSayingWhen() throws Exception {
		willThrow(new TooManyRequests("Too many sign-ups came from your network in the last hour. Please try again later."))
			.given(signups).accept(any(), any(), any());

		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"ann@example.org\",\"consent\":true}"))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Too many sign-ups"))
			.andExpect(jsonPath("$.type").doesNotExist())
			.andExpect(jsonPath("$.detail").value("Too many sign-ups came from your network in the last hour. Please try again later."))
			.andExpect(jsonPath("$.errors").doesNotExist());
	}

	@Test
	void bodyThatIsNoJsonObjectIsA400ProblemAndNeverReachesTheSignUps() throws Exception {
		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON).content("[\"ann@example.org\"]"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400));
		verify(signups, never()).accept(any(), any(), any());
	}
}
