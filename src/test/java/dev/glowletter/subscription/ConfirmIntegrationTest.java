package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.Map;

import dev.glowletter.subscription.internal.ConfirmationTokens;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Point 3 of the reader's path: double opt-in through the link in the confirmation mail.
 */
class ConfirmIntegrationTest extends ReaderFixtures {

	private static final String RESEND_FORM = "<form method=\"post\" action=\"/confirm/resend\"";

	private ResultActions confirm(String path) throws Exception {
		return mvc.perform(post(path).with(csrf()));
	}

	private static String html(ResultActions result) throws Exception {
		return result.andReturn().getResponse().getContentAsString();
	}

	@Test
	void getShowsAConfirmButtonAndDoesNotConfirm() throws Exception {
		String email = newAddress("scanner");
		String link = pendingReader(email);

		String html = html(mvc.perform(get(link)).andExpect(status().isOk()));

		assertThat(html)
			.containsPattern("<form method=\"post\" action=\"" + link + "\">[\\s\\S]*<button type=\"submit\">");
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.PENDING);
	}

	@Test
	void postConfirmsTheReader() throws Exception {
		String email = newAddress("confirm");
		confirm(pendingReader(email)).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void confirmingSendsTheWelcomeMailWithTheUnsubscribeLink() throws Exception {
		String email = newAddress("welcome");
		confirm(pendingReader(email)).andExpect(status().isOk());

		MimeMessage welcome = lastMail(email, "Welcome");
		assertThat(welcome.getSubject()).isEqualTo("Welcome to Beauty resources, tips, and news");
		assertThat(unsubscribePath(welcome)).startsWith("/unsubscribe/");
	}

	@Test
	void confirmationLinkWorksOnlyOnce() throws Exception {
		String email = newAddress("once");
		String link = pendingReader(email);
		confirm(link).andExpect(status().isOk());

		assertThat(html(confirm(link).andExpect(status().isNotFound()))).contains(RESEND_FORM);
		mvc.perform(get(link)).andExpect(status().isNotFound());
	}

	@Test
	void linkStillWorksJustBeforeTheConfiguredValidityRunsOut() throws Exception {
		String email = newAddress("late");
		String link = pendingReader(email);
		clock.advance(Duration.ofHours(48).minusMinutes(1));
		confirm(link).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void expiredLinkShowsTheHelpfulPageWithTheResendFormAndConfirmsNothing() throws Exception {
		String email = newAddress("expired");
		String link = pendingReader(email);
		clock.advance(Duration.ofHours(48).plusSeconds(1));

		String page = html(mvc.perform(get(link)).andExpect(status().isNotFound()));
		assertThat(page).contains("This confirmation link no longer works").contains(RESEND_FORM);
		confirm(link).andExpect(status().isNotFound());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.PENDING);
	}

	@Test
	void resendSendsANewLinkThatWorks() throws Exception {
		String email = newAddress("resend");
		String expired = pendingReader(email);
		clock.advance(Duration.ofHours(49));

		mvc.perform(post("/confirm/resend").with(csrf()).param("email", email))
			.andExpect(redirectedUrl("/check-your-inbox"));

		String fresh = confirmationPath(email, 2);
		assertThat(fresh).isNotEqualTo(expired);
		confirm(fresh).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void resendForAnUnknownAddressAnswersAlikeAndSendsNothing() throws Exception {
		String email = newAddress("stranger");
		mvc.perform(post("/confirm/resend").with(csrf()).param("email", email))
			.andExpect(redirectedUrl("/check-your-inbox"));
		assertThat(outboxRowsTo(email)).isZero();
	}

	@Test
	void resendForSomethingThatIsNoAddressShowsTheFormAgainWithTheMessageNextToTheField() throws Exception {
		String html = html(mvc.perform(post("/confirm/resend").with(csrf()).param("email", "rosa-at-example.org"))
			.andExpect(status().isBadRequest()));
		assertThat(html).contains(RESEND_FORM)
			.contains("value=\"rosa-at-example.org\"")
			.contains("aria-invalid=\"true\" aria-describedby=\"email-error\"")
			.containsPattern("<p class=\"field-error\" id=\"email-error\">[^<]+</p>");
		assertThat(html(mvc.perform(get("/confirm/" + ConfirmationTokens.newToken())))).doesNotContain("email-error");
	}

	@Test
	void unknownTokenGetsTheSameHelpfulPage() throws Exception {
		String unknown = "/confirm/" + ConfirmationTokens.newToken();
		assertThat(html(mvc.perform(get(unknown)).andExpect(status().isNotFound()))).contains(RESEND_FORM);
		assertThat(html(confirm(unknown).andExpect(status().isNotFound()))).contains(RESEND_FORM);
		mvc.perform(get("/confirm/not-even-a-token")).andExpect(status().isNotFound());
	}

	@Test
	void tokenNamesTheReaderAndIsStoredOnlyAsItsSecretsHash() throws Exception {
		String email = newAddress("hashed");
		String token = pendingReader(email).substring("/confirm/".length());
		long id = idOf(email);

		ConfirmationTokens.Link link = ConfirmationTokens.parse(token).orElseThrow();
		assertThat(link.readerId()).isEqualTo(id);
		Map<String, Object> stored = jdbc
			.sql("SELECT confirmation_secret_hash, confirmation_token_hash FROM subscriber WHERE id = ?")
			.param(id)
			.query()
			.singleRow();
		assertThat(stored.get("confirmation_secret_hash")).isEqualTo(ConfirmationTokens.hash(link.secret()));
		// the column of the links mailed before, and its index, are not written
		assertThat(stored.get("confirmation_token_hash")).isNull();
		assertThat(rows("subscriber", "confirmation_secret_hash LIKE ?", "%" + link.secret() + "%")).isZero();
		assertThat(rows("subscriber_event", "detail LIKE ?", "%" + link.secret() + "%")).isZero();
	}

	@Test
	void linkMailedBeforeLinksNamedTheirReaderStillWorksOnce() throws Exception {
		String email = newAddress("older-link");
		String older = pendingWithLinkMailedBefore(email);

		assertThat(html(mvc.perform(get("/confirm/" + older)).andExpect(status().isOk())))
			.contains("action=\"/confirm/" + older + "\"");
		confirm("/confirm/" + older).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
		confirm("/confirm/" + older).andExpect(status().isNotFound());
	}

	@Test
	void newLinkReplacesALinkMailedBefore() throws Exception {
		String email = newAddress("older-replaced");
		String older = pendingWithLinkMailedBefore(email);
		clock.advance(Duration.ofMinutes(2));

		mvc.perform(post("/confirm/resend").with(csrf()).param("email", email))
			.andExpect(redirectedUrl("/check-your-inbox"));

		confirm("/confirm/" + older).andExpect(status().isNotFound());
		confirm(confirmationPath(email, 2)).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	/**
	 * A pending reader whose link was mailed before links named their reader: the hash of
	 * the whole token in its own column, as such a link stands in the database.
	 * @return the token of that link
	 */
	private String pendingWithLinkMailedBefore(String email) throws Exception {
		pendingReader(email);
		String older = ConfirmationTokens.newToken();
		jdbc.sql("UPDATE subscriber SET confirmation_token_hash = ?, confirmation_secret_hash = NULL WHERE id = ?")
			.params(ConfirmationTokens.hash(older), idOf(email))
			.update();
		return older;
	}

	@Test
	void linkNamingAnotherReaderOrWithAChangedSecretDoesNotWork() throws Exception {
		String first = newAddress("forged-a");
		String second = newAddress("forged-b");
		String token = pendingReader(first).substring("/confirm/".length());
		pendingReader(second);
		long secondId = idOf(second);
		ConfirmationTokens.Link link = ConfirmationTokens.parse(token).orElseThrow();

		// the first's secret with the second's id; the first's id with a secret one
		// character off
		String otherReader = ConfirmationTokens.link(secondId, link.secret());
		char last = link.secret().charAt(link.secret().length() - 1);
		String otherSecret = ConfirmationTokens.link(link.readerId(),
				link.secret().substring(0, link.secret().length() - 1) + (last == 'A' ? 'B' : 'A'));
		for (String forged : new String[] { otherReader, otherSecret,
				ConfirmationTokens.link(Long.MAX_VALUE, link.secret()), ConfirmationTokens.link(-1, link.secret()) }) {
			mvc.perform(get("/confirm/" + forged)).andExpect(status().isNotFound());
			confirm("/confirm/" + forged).andExpect(status().isNotFound());
		}
		assertThat(statusOf(first)).isEqualTo(SubscriberStatus.PENDING);
		assertThat(statusOf(second)).isEqualTo(SubscriberStatus.PENDING);
	}

	@Test
	void unconfirmedReaderIsPurgedAfterSevenDays() throws Exception {
		String email = newAddress("purged");
		pendingReader(email);
		long id = idOf(email);

		clock.advance(Duration.ofDays(7).plusMinutes(1));
		subscriptions.purgeUnconfirmed();

		assertThat(isKnown(email)).isFalse();
		assertThat(rows("consent", "subscriber_id = ?", id)).isZero();
		assertThat(rows("subscriber_event", "subscriber_id = ?", id)).isZero();
	}

	@Test
	void unconfirmedReaderIsKeptBeforeSevenDays() throws Exception {
		String email = newAddress("kept");
		pendingReader(email);

		clock.advance(Duration.ofDays(7).minusMinutes(1));
		subscriptions.purgeUnconfirmed();

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.PENDING);
	}

	@Test
	void confirmedReaderIsNeverPurged() throws Exception {
		String email = newAddress("stays");
		confirmedReader(email);

		clock.advance(Duration.ofDays(30));
		subscriptions.purgeUnconfirmed();

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void purgeAlsoForgetsTheMailSentToTheUnconfirmedReader() throws Exception {
		String email = newAddress("forgotten");
		pendingReader(email);
		long id = idOf(email);

		clock.advance(Duration.ofDays(8));
		subscriptions.purgeUnconfirmed();

		assertThat(rows("outbox_message", "subscriber_id = ?", id)).isZero();
		assertThat(outboxRowsTo(email)).isZero();
	}

	@Test
	void readerWhoAskedForANewLinkIsNotPurgedWhileThatLinkStillWorks() throws Exception {
		String email = newAddress("resent-late");
		pendingReader(email);
		clock.advance(Duration.ofDays(6));
		mvc.perform(post("/confirm/resend").with(csrf()).param("email", email))
			.andExpect(redirectedUrl("/check-your-inbox"));
		String fresh = confirmationPath(email, 2);

		clock.advance(Duration.ofDays(1).plusHours(12));
		subscriptions.purgeUnconfirmed();

		confirm(fresh).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void confirmButtonWorksAfterTheSessionExpired() throws Exception {
		String email = newAddress("slow-reader");
		String link = pendingReader(email);
		mvc.perform(get(link)).andExpect(status().isOk());

		// the page was left open past the session timeout: the POST comes without session
		// or CSRF token
		mvc.perform(post(link)).andExpect(status().isOk());

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

}
