package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Point 2 of the reader's path: what a sign-up stores, sends and answers; and how
 * addresses are compared.
 */
class SubmitIntegrationTest extends ReaderFixtures {

	@Test
	void signUpStoresConsentWithTimeIpUserAgentSourceTextAndVersion() throws Exception {
		String email = newAddress("consent");
		Instant now = clock.instant();
		mvc.perform(post("/subscribe").with(csrf())
			.with(fromIp("192.0.2.44"))
			.header("User-Agent", "ReaderBrowser/1.0")
			.param("email", email)
			.param("consent", "true")).andExpect(redirectedUrl("/check-your-inbox"));

		Map<String, Object> consent = jdbc.sql("SELECT * FROM consent WHERE subscriber_id = ?")
			.param(idOf(email))
			.query()
			.singleRow();
		assertThat(((OffsetDateTime) consent.get("given_at")).toInstant()).isCloseTo(now,
				Assertions.within(1, ChronoUnit.MILLIS));
		assertThat(consent.get("ip")).isEqualTo("192.0.2.44");
		assertThat(consent.get("user_agent")).isEqualTo("ReaderBrowser/1.0");
		assertThat(consent.get("source")).isEqualTo("FORM");
		assertThat(consent.get("consent_text")).isEqualTo(
				"Yes, e-mail me the \u201cBeauty resources, tips, and news\u201d newsletter. I can unsubscribe at "
						+ "any time with one click.");
		assertThat(consent.get("consent_text_version")).isEqualTo("1");
	}

	@Test
	void signUpCreatesAPendingReaderAndSendsTheConfirmationMail() throws Exception {
		String email = newAddress("pending");
		signUp(email, "Rosa").andExpect(redirectedUrl("/check-your-inbox"));

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.PENDING);
		MimeMessage confirmation = lastMail(email, "Please confirm");
		assertThat(confirmation.getSubject())
			.isEqualTo("Please confirm your subscription to Beauty resources, tips, and news");
		assertThat(ReaderPathIntegrationTest.link(confirmation, "/confirm/")).startsWith("/confirm/");
	}

	@Test
	void newPendingAndConfirmedAddressesGetTheSameAnswerFromTheForm() throws Exception {
		String pending = newAddress("known-pending");
		pendingReader(pending);
		String confirmed = newAddress("known-confirmed");
		confirmedReader(confirmed);

		for (String email : new String[] { newAddress("unknown"), pending, confirmed }) {
			signUp(email).andExpect(status().isFound()).andExpect(redirectedUrl("/check-your-inbox"));
		}
	}

	@Test
	void newPendingAndConfirmedAddressesGetTheSameAnswerFromTheApi() throws Exception {
		String pending = newAddress("api-pending");
		pendingReader(pending);
		String confirmed = newAddress("api-confirmed");
		confirmedReader(confirmed);

		String first = null;
		for (String email : new String[] { newAddress("api-unknown"), pending, confirmed }) {
			String body = signUpByApi("{\"email\":\"" + email + "\",\"consent\":true}").andExpect(status().isAccepted())
				.andReturn()
				.getResponse()
				.getContentAsString();
			first = first == null ? body : first;
			assertThat(body).isEqualTo(first);
		}
	}

	@Test
	void confirmedReaderWhoSignsUpAgainGetsAlreadySubscribedMailNotAConfirmation() throws Exception {
		String email = newAddress("again");
		confirmedReader(email);
		int confirmationsBefore = confirmations(email).size();

		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));

		MimeMessage notice = lastMail(email, "You are already subscribed");
		assertThat(notice.getSubject()).isEqualTo("You are already subscribed to Beauty resources, tips, and news");
		assertThat(confirmations(email)).hasSize(confirmationsBefore);
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void unsubscribedReaderCanSubscribeAgainWithDoubleOptIn() throws Exception {
		String email = newAddress("comeback");
		String unsubscribe = confirmedReader(email);
		mvc.perform(post(unsubscribe)).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);

		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.PENDING);
		String secondLink = confirmationPath(email, 2);
		mvc.perform(post(secondLink).with(csrf())).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void signUpThroughTheApiIsAcceptedAndRecordsSourceApi() throws Exception {
		String email = newAddress("api");
		signUpByApi("{\"email\":\"" + email + "\",\"firstName\":\"Ida\",\"consent\":true}")
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("pending"));
		assertThat(jdbc.sql("SELECT source FROM consent WHERE subscriber_id = ?")
			.param(idOf(email))
			.query(String.class)
			.single()).isEqualTo("API");
		lastMail(email, "Please confirm");
	}

	@Test
	void addressIsTrimmedAndItsDomainComparedCaseInsensitively() throws Exception {
		String local = "Ann-" + newAddress("x").replace("@example.org", "");
		signUp(" " + local + "@EXAMPLE.org ").andExpect(redirectedUrl("/check-your-inbox"));
		signUp(local + "@example.org").andExpect(redirectedUrl("/check-your-inbox"));

		assertThat(rows("subscriber", "LOWER(email) = LOWER(?)", local + "@example.org")).isOne();
		assertThat(jdbc.sql("SELECT email FROM subscriber WHERE LOWER(email) = LOWER(?)")
			.param(local + "@example.org")
			.query(String.class)
			.single()).isEqualTo(local + "@example.org");
	}

	@Test
	void internationalisedDomainIsStoredInAsciiFormAndReceivesTheMail() throws Exception {
		String local = "leser-" + newAddress("idn").replace("@example.org", "");
		signUp(local + "@b\u00fccher.example").andExpect(redirectedUrl("/check-your-inbox"));

		assertThat(rows("subscriber", "email = ?", local + "@xn--bcher-kva.example")).isOne();
		MimeMessage confirmation = lastMail(local + "@xn--bcher-kva.example", "Please confirm");
		assertThat(confirmation.getRecipients(MimeMessage.RecipientType.TO)[0].toString())
			.isEqualTo(local + "@xn--bcher-kva.example");
	}

	@Test
	void confirmationMailIsQueuedAsAnOutboxRowInTheSignUpTransaction() throws Exception {
		String email = newAddress("outbox");
		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
		assertThat(
				jdbc.sql("SELECT kind FROM outbox_message WHERE recipient = ?").param(email).query(String.class).list())
			.containsExactly("confirm");
		lastMail(email, "Please confirm");
	}

}
