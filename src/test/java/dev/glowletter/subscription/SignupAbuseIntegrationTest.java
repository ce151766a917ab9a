package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** "Abuse and bad input": limits, the honeypot, and what the form and the API refuse. */
class SignupAbuseIntegrationTest extends ReaderFixtures {

	private ResultActions formWith(String email, String firstName, boolean consent) throws Exception {
		return mvc.perform(post("/subscribe").with(csrf())
			.with(freshIp())
			.param("email", email)
			.param("firstName", firstName)
			.param("consent", Boolean.toString(consent)));
	}

	/**
	 * Sign-ups more than a minute apart: the same one again within a minute sends no mail
	 * at all.
	 */
	private void apart() {
		clock.advance(Duration.ofMinutes(2));
	}

	private static String html(ResultActions result) throws Exception {
		return result.andReturn().getResponse().getContentAsString();
	}

	@Test
	void fourthConfirmationMailForOneAddressInAnHourGets429PageAndStoresNothing() throws Exception {
		String email = newAddress("flooded");
		for (int i = 0; i < 3; i++) {
			signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
			apart();
		}
		int consents = rows("consent", "subscriber_id = ?", idOf(email));

		String page = html(signUp(email).andExpect(status().isTooManyRequests()));

		assertThat(page).contains("<h1>Please wait a little</h1>");
		assertThat(outboxRowsTo(email)).isEqualTo(3);
		assertThat(rows("consent", "subscriber_id = ?", idOf(email))).isEqualTo(consents);
		assertThat(rows("subscriber", "email = ?", email)).isOne();
	}

	@Test
	void fourthConfirmationMailForOneAddressThroughTheApiGets429ProblemDetail() throws Exception {
		String email = newAddress("api-flooded");
		String json = "{\"email\":\"" + email + "\",\"consent\":true}";
		for (int i = 0; i < 3; i++) {
			signUpByApi(json).andExpect(status().isAccepted());
			apart();
		}
		signUpByApi(json).andExpect(status().isTooManyRequests())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(429))
			.andExpect(jsonPath("$.detail").isNotEmpty());
		assertThat(outboxRowsTo(email)).isEqualTo(3);
	}

	@Test
	void addressLimitAllowsMailAgainAfterAnHour() throws Exception {
		String email = newAddress("patient");
		for (int i = 0; i < 3; i++) {
			signUp(email);
			apart();
		}
		clock.advance(Duration.ofMinutes(61));
		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
		assertThat(outboxRowsTo(email)).isEqualTo(4);
	}

	@Test
	void filledHoneypotLooksLikeSuccessButStoresAndSendsNothing() throws Exception {
		String email = newAddress("bot");
		mvc.perform(post("/subscribe").with(csrf())
			.with(freshIp())
			.param("email", email)
			.param("consent", "true")
			.param("website", "http://spam.example")).andExpect(redirectedUrl("/check-your-inbox"));
		signUpByApi("{\"email\":\"" + email + "\",\"consent\":true,\"website\":\"x\"}")
			.andExpect(status().isAccepted());

		assertThat(isKnown(email)).isFalse();
		assertThat(outboxRowsTo(email)).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-an-address", "ann@", "@example.org", "ann example@example.org", "ann@example",
			"ann@@example.org", "\"Bob\" <bob@example.org>", "Bob <bob@example.org>",
			"bob@example.org\r\nBcc: x@evil.test", "bob\r\n@example.org", "ann@exa mple.org", "ann@-example.org" })
	void invalidAddressReturnsTheFormWithTheEmailFieldMarked(String email) throws Exception {
		String page = html(formWith(email, "", true).andExpect(status().isBadRequest()));
		assertThat(page).contains("aria-invalid=\"true\" aria-describedby=\"email-error\"")
			.contains("id=\"email-error\"");
		assertThat(rows("outbox_message", "recipient LIKE ?", "%evil.test%")).isZero();
	}

	@Test
	void addressOver254CharactersIsRefused() throws Exception {
		String email = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60)
				+ ".example.org";
		assertThat(email.length()).isGreaterThan(254);
		String page = html(formWith(email, "", true).andExpect(status().isBadRequest()));
		assertThat(page).contains("at most 254 characters");
	}

	@Test
	void missingConsentReturnsTheFormWithTheConsentFieldMarkedAndStoresNothing() throws Exception {
		String email = newAddress("undecided");
		String page = html(mvc.perform(post("/subscribe").with(csrf()).with(freshIp()).param("email", email))
			.andExpect(status().isBadRequest()));
		assertThat(page).contains("id=\"consent-error\"");
		assertThat(isKnown(email)).isFalse();
	}

	@Test
	void firstNameWithALineBreakIsRefusedAtTheForm() throws Exception {
		String email = newAddress("crlf");
		String page = html(formWith(email, "Ann\r\nBcc: x@evil.test", true).andExpect(status().isBadRequest()));
		assertThat(page).contains("aria-invalid=\"true\" aria-describedby=\"firstName-error\"");
		assertThat(isKnown(email)).isFalse();
	}

	@Test
	void oversizedFirstNameIsRefusedWithTheFieldMarked() throws Exception {
		String email = newAddress("long-name");
		String page = html(formWith(email, "N".repeat(101), true).andExpect(status().isBadRequest()));
		assertThat(page).contains("id=\"firstName-error\"");
		assertThat(isKnown(email)).isFalse();
	}

	@Test
	void inputIsEchoedBackEscaped() throws Exception {
		String script = "<script>alert(1)</script>";
		String page = html(formWith(script + "@example.org", script, false).andExpect(status().isBadRequest()));
		assertThat(page).doesNotContain(script).doesNotContain("<script>");
		assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;@example.org");
	}

	@Test
	void attributeBreakingInputIsEchoedBackEscaped() throws Exception {
		String attack = "\"><img src=x onerror=alert(1)>";
		String page = html(formWith(attack, "x", false).andExpect(status().isBadRequest()));
		assertThat(page).doesNotContain(attack).doesNotContain("<img");
	}

	@Test
	void invalidApiSignUpGets400ProblemDetailWithAnErrorsMap() throws Exception {
		signUpByApi("{\"email\":\"\\\"Bob\\\" <bob@example.org>\",\"firstName\":\"Ann\\r\\nBcc: x@evil.test\"}")
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.email").isNotEmpty())
			.andExpect(jsonPath("$.errors.firstName").isNotEmpty())
			.andExpect(jsonPath("$.errors.consent").isNotEmpty());
	}

	@Test
	void malformedJsonGets400ProblemDetailWithoutAStackTrace() throws Exception {
		String body = html(
				signUpByApi("{\"email\": \"ann@example.org\", \"consent\": tru").andExpect(status().isBadRequest())
					.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)));
		assertThat(body).doesNotContain("at tools.jackson").doesNotContain("Exception").doesNotContain("\tat ");
	}

	@Test
	void wrongJsonTypeGets400ProblemDetail() throws Exception {
		signUpByApi("[\"ann@example.org\"]").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void wrongContentTypeGets415ProblemDetail() throws Exception {
		String email = newAddress("xml");
		mvc.perform(
				post("/api/subscriptions").with(freshIp()).contentType(MediaType.TEXT_PLAIN).content("email=" + email))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(isKnown(email)).isFalse();
	}

	@Test
	void oversizedApiBodyIsRefused() throws Exception {
		String email = newAddress("huge");
		String json = "{\"email\":\"" + email + "\",\"consent\":true,\"firstName\":\"" + "x".repeat(100_000) + "\"}";
		signUpByApi(json).andExpect(status().is4xxClientError())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(isKnown(email)).isFalse();
	}

	@Test
	void apiBodyOverTheSignUpLimitGets413ProblemDetailAndStoresNothing() throws Exception {
		String email = newAddress("megabyte");
		String json = "{\"email\":\"" + email + "\",\"consent\":true,\"firstName\":\"Ann\",\"pad\":\""
				+ "x".repeat(1_000_000) + "\"}";
		signUpByApi(json).andExpect(status().isPayloadTooLarge())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(413));
		assertThat(isKnown(email)).isFalse();
	}

	@Test
	void formBodyOverTheSignUpLimitGets413AndStoresNothing() throws Exception {
		String email = newAddress("stuffed");
		mvc.perform(post("/subscribe").with(csrf())
			.with(freshIp())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("consent=true&email=" + email.replace("@", "%40") + "&firstName=" + "x".repeat(20_000)))
			.andExpect(status().isPayloadTooLarge());
		assertThat(isKnown(email)).isFalse();
	}

	@Test
	void resendFormEchoesTheAddressEscaped() throws Exception {
		String page = html(mvc.perform(post("/confirm/resend").with(csrf()).param("email", "<script>alert(1)</script>"))
			.andExpect(status().isBadRequest()));
		assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
	}

}
