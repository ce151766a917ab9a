package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.glowletter.Readers;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * One mailbox, one reader: addresses that differ only in the case of their letters
 * ("Ann@", "ANN@", "aNn@") are the same reader everywhere, with the address kept as first
 * typed.
 */
class AddressCaseIntegrationTest extends ReaderFixtures {

	/** The address with every letter of its local part upper-case. */
	private static String shouted(String email) {
		int at = email.indexOf('@');
		return email.substring(0, at).toUpperCase(Locale.ROOT) + email.substring(at);
	}

	/**
	 * The address with every other letter of its local part upper-case, starting at
	 * {@code from}.
	 */
	private static String mixed(String email, int from) {
		int at = email.indexOf('@');
		StringBuilder local = new StringBuilder();
		for (int i = 0; i < at; i++) {
			char c = email.charAt(i);
			local.append(i % 2 == from % 2 ? Character.toUpperCase(c) : c);
		}
		return local + email.substring(at);
	}

	private int readersWithKey(String email) {
		return rows("subscriber", "LOWER(email) = ?", email.toLowerCase(Locale.ROOT));
	}

	private int mailsWithKey(String email, String kind) {
		return rows("outbox_message", "LOWER(recipient) = ? AND kind = ?", email.toLowerCase(Locale.ROOT), kind);
	}

	@Test
	void caseVariantsOfOneAddressAreOneReaderWhoGetsAtMostThreeConfirmationMailsAnHour() throws Exception {
		String email = newAddress("bomb");
		List<String> variants = List.of(mixed(email, 0), shouted(email), mixed(email, 1), email,
				mixed(shouted(email), 0), "  " + mixed(email, 1),
				shouted(email).replace("@example.org", "@EXAMPLE.ORG"));
		List<Integer> answers = new ArrayList<>();
		for (String variant : variants) {
			answers.add(signUp(variant).andReturn().getResponse().getStatus());
			clock.advance(Duration.ofMinutes(2));
		}

		assertThat(answers).containsExactly(302, 302, 302, 429, 429, 429, 429);
		assertThat(readersWithKey(email)).isOne();
		assertThat(mailsWithKey(email, "confirm")).isEqualTo(3);
		assertThat(subscriptions.findByEmail(EmailAddress.parse(shouted(email))).orElseThrow().email())
			.isEqualTo(mixed(email, 0));
	}

	@Test
	void confirmedReaderWhoSignsUpInOtherCaseIsToldTheyAreSubscribed() throws Exception {
		String email = newAddress("Nora");
		confirmedReader(email);
		clock.advance(Duration.ofMinutes(5));

		signUp(shouted(email)).andExpect(redirectedUrl("/check-your-inbox"));

		assertThat(readersWithKey(email)).isOne();
		assertThat(mailsWithKey(email, "already-subscribed")).isOne();
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void resendFindsThePendingReaderWhateverTheCaseTyped() throws Exception {
		String email = newAddress("olga");
		pendingReader(email);
		clock.advance(Duration.ofHours(49));

		mvc.perform(post("/confirm/resend").with(csrf()).param("email", shouted(email)))
			.andExpect(redirectedUrl("/check-your-inbox"));

		mvc.perform(post(confirmationPath(email, 2)).with(csrf())).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void findByEmailIgnoresCaseAndShowsTheAddressAsFirstTyped() throws Exception {
		String email = mixed(newAddress("paula"), 0);
		pendingReader(email);

		assertThat(subscriptions.findByEmail(EmailAddress.parse(email.toLowerCase(Locale.ROOT)))).get()
			.satisfies(reader -> assertThat(reader.email()).isEqualTo(email));
	}

	@Test
	void importTakesCaseVariantsForTheSameReaderInTheFileAndOnTheList() throws Exception {
		String stored = newAddress("Quinn");
		Readers.confirmed(jdbc, stored, null);
		String fresh = newAddress("rita");
		String csv = "email\n" + shouted(stored) + "\n" + fresh + "\n" + shouted(fresh) + "\n";

		mvc.perform(post("/api/subscribers/import").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType("text/csv")
			.param("consentHeld", "true")
			.content(csv.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(1))
			.andExpect(jsonPath("$.duplicates").value(2))
			.andExpect(jsonPath("$.duplicateRows[0].line").value(4))
			.andExpect(jsonPath("$.duplicateRows[1].line").value(2));

		assertThat(readersWithKey(stored)).isOne();
		assertThat(readersWithKey(fresh)).isOne();
	}

	@Test
	void importWithoutConsentSendsNothingToAReaderOnTheListInOtherCase() throws Exception {
		String stored = newAddress("sara");
		pendingReader(stored);
		clock.advance(Duration.ofMinutes(5));

		mvc.perform(post("/api/subscribers/import").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType("text/csv")
			.content(("email\n" + shouted(stored) + "\n").getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(0))
			.andExpect(jsonPath("$.duplicates").value(1));

		assertThat(readersWithKey(stored)).isOne();
		assertThat(mailsWithKey(stored, "confirm")).isOne();
	}

	@Test
	void erasedAddressStaysSuppressedInAnyCase() throws Exception {
		String email = newAddress("tess");
		confirmedReader(email);
		mvc.perform(delete("/api/subscribers/{id}", idOf(email)).with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().isNoContent());

		mvc.perform(post("/api/subscribers/import").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType("text/csv")
			.param("consentHeld", "true")
			.content(("email\n" + shouted(email) + "\n").getBytes(StandardCharsets.UTF_8)))
			.andExpect(jsonPath("$.imported").value(0))
			.andExpect(jsonPath("$.suppressed").value(1));
		assertThat(subscriptions.isSuppressed(EmailAddress.parse(shouted(email)))).isTrue();
	}

	@Test
	void databaseRefusesASecondRowForTheSameAddressInOtherCase() {
		String email = newAddress("uma");
		Readers.confirmed(jdbc, email, null);

		assertThatThrownBy(() -> Readers.confirmed(jdbc, shouted(email), null))
			.isInstanceOf(DataIntegrityViolationException.class);
		assertThat(readersWithKey(email)).isOne();
	}

}
