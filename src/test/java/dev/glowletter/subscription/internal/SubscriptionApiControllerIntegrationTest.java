package dev.glowletter.subscription.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.WebSlice;
import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.SubscriberDirectory;
import dev.glowletter.subscription.SubscriberImport;
import dev.glowletter.subscription.Subscriptions;
import dev.glowletter.subscription.TooManyRequests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The subscription module's API answers, the sign-up and the admin's readers, with what
 * {@link Signups}, the directory and the import decide mocked: the web layer alone.
 */
@WebSlice({ SubscriptionApiController.class, SubscriberAdminApiController.class })
class SubscriptionApiControllerIntegrationTest {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Signups signups;

	@MockitoBean
	Subscriptions subscriptions;

	@MockitoBean
	SubscriberDirectory directory;

	@MockitoBean
	SubscriberImport imports;

	@Test
	void acceptedSignUpIsA202WithTheSameWordsForEveryAddressAndNamesTheEmbedAsItsSource() throws Exception {
		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"ann@example.org\",\"firstName\":\"Ann\",\"consent\":true,\"source\":\"Embed\"}"))
			.andExpect(status().isAccepted())
			.andExpect(content().contentType(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.status").value("pending"))
			.andExpect(jsonPath("$.message")
				.value("Thanks! Check your inbox for an e-mail to confirm your subscription."));
		verify(signups).accept(eq(new SignupForm("ann@example.org", "Ann", true, null)), eq(ConsentSource.EMBED),
				any());
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
			.andExpect(jsonPath("$.detail")
				.value("Please enter a valid e-mail address. Please tick the box to agree to receive the newsletter."))
			.andExpect(jsonPath("$.errors.email").value("Please enter a valid e-mail address."))
			.andExpect(jsonPath("$.errors.consent").value("Please tick the box to agree to receive the newsletter."))
			.andExpect(jsonPath("$.errors.length()").value(2));
	}

	@Test
	void signUpWhenTooManyAreUnderWayIsA503ProblemSayingWhenToComeBack() throws Exception {
		willThrow(new Signups.Busy()).given(signups).accept(any(), any(), any());

		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"ann@example.org\",\"consent\":true}"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "2"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(
					jsonPath("$.detail").value("Many people are signing up right now. Please try again in a moment."));
	}

	@Test
	void signUpOverTheLimitIsA429ProblemSayingWhen() throws Exception {
		willThrow(new TooManyRequests(
				"Too many sign-ups came from your network in the last hour. Please try again later.",
				"tooMany.signupsFromIp", Duration.ofMillis(1_800_001)))
			.given(signups)
			.accept(any(), any(), any());

		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"ann@example.org\",\"consent\":true}"))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string("Retry-After", "1801"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Too many sign-ups"))
			.andExpect(jsonPath("$.type").doesNotExist())
			.andExpect(jsonPath("$.detail")
				.value("Too many sign-ups came from your network in the last hour. Please try again later."))
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

	@Test
	void unknownReaderIsA404SayingWhichOne() throws Exception {
		given(directory.details(anyLong())).willReturn(Optional.empty());

		mvc.perform(get("/api/subscribers/987654321"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Not Found"))
			.andExpect(jsonPath("$.detail").value("There is no subscriber 987654321."));
		mvc.perform(delete("/api/subscribers/987654321"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("There is no subscriber 987654321."));
	}

	@Test
	void importOfAFileThatIsNoCsvTextIsA400SayingWhereAndImportsNothing() throws Exception {
		given(imports.preview(any())).willThrow(new IllegalArgumentException("Line 2 is not UTF-8 text."));

		mvc.perform(post("/api/subscribers/import").contentType("text/csv").content("email\nx\n"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Bad Request"))
			.andExpect(jsonPath("$.detail").value("Line 2 is not UTF-8 text."))
			.andExpect(jsonPath("$.errors").doesNotExist());
		verify(imports, never()).importCsv(any(), any());
	}

	@Test
	void importNamingAColumnTheFileHasNotIsA400NamingTheField() throws Exception {
		given(imports.preview(any()))
			.willReturn(new SubscriberImport.Preview(List.of("email", "name"), List.of(), 0, 1, 1));

		mvc.perform(post("/api/subscribers/import").param("emailColumn", "5")
			.contentType("text/csv")
			.content("email,name\na@b.org,A\n"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Bad Request"))
			.andExpect(
					jsonPath("$.detail").value("emailColumn must name one of the file's 2 columns, counting from 0."))
			.andExpect(jsonPath("$.errors.emailColumn").value("no such column"));
		verify(imports, never()).importCsv(any(), any());
	}

}
