package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A sign-up answers alike, to the byte, whatever the address's state: never seen,
 * pending, confirmed, unsubscribed, bounced, complained about (unsubscribed and
 * suppressed) or erased (suppressed), so that nobody learns from the answer who is on the
 * list. How long the answer takes is measured by {@code bench/signup-timing}.
 */
class SignupAnswersIntegrationTest extends ReaderFixtures {

	/** One address in each state, in the order the bench names them. */
	private Map<String, String> addressesInEveryState() throws Exception {
		Map<String, String> states = new LinkedHashMap<>();
		states.put("new", newAddress("answer-new"));
		String pending = newAddress("answer-pending");
		pendingReader(pending);
		states.put("pending", pending);
		String confirmed = newAddress("answer-confirmed");
		confirmedReader(confirmed);
		states.put("confirmed", confirmed);
		String unsubscribed = newAddress("answer-unsubscribed");
		mvc.perform(post(confirmedReader(unsubscribed)).param("List-Unsubscribe", "One-Click"));
		states.put("unsubscribed", unsubscribed);
		String bounced = newAddress("answer-bounced");
		confirmedReader(bounced);
		subscriptions.markBounced(idOf(bounced), "550 5.1.1 no such user");
		states.put("bounced", bounced);
		String complained = newAddress("answer-complained");
		confirmedReader(complained);
		subscriptions.markComplained(idOf(complained), "spam");
		states.put("complained", complained);
		String erased = newAddress("answer-erased");
		confirmedReader(erased);
		subscriptions.erase(idOf(erased));
		states.put("erased", erased);

		assertThat(statusOf(pending)).isEqualTo(SubscriberStatus.PENDING);
		assertThat(statusOf(confirmed)).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(statusOf(unsubscribed)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(statusOf(bounced)).isEqualTo(SubscriberStatus.BOUNCED);
		assertThat(statusOf(complained)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(subscriptions.isSuppressed(EmailAddress.parse(complained))).isTrue();
		assertThat(isKnown(erased)).isFalse();
		assertThat(subscriptions.isSuppressed(EmailAddress.parse(erased))).isTrue();
		// the links of the readers made above went out over a minute before: each
		// sign-up below is a first one, and mails
		clock.advance(Duration.ofMinutes(2));
		return states;
	}

	@Test
	void everyStateGetsTheSameAnswerFromTheApi() throws Exception {
		Map<String, String> answers = new LinkedHashMap<>();
		for (Map.Entry<String, String> state : addressesInEveryState().entrySet()) {
			answers.put(state.getKey(),
					answer(mvc
						.perform(
								post("/api/subscriptions").with(freshIp())
									.contentType(MediaType.APPLICATION_JSON)
									.content("{\"email\":\"" + state.getValue()
											+ "\",\"firstName\":\"Rosa\",\"consent\":true}"))
						.andReturn()
						.getResponse()));
		}
		assertThat(answers.get("new")).startsWith("202 ");
		assertThat(answers).allSatisfy((state, answer) -> assertThat(answer).as(state).isEqualTo(answers.get("new")));
	}

	/**
	 * Every known reader's sign-up writes the reader's row, the confirmed one's too
	 * (which otherwise changes nothing there): a new address's sign-up inserts one, and
	 * the difference showed in the time on PostgreSQL.
	 */
	@Test
	void aConfirmedReadersSignUpWritesTheirRowAsTheOthersDo() throws Exception {
		String confirmed = newAddress("answer-row");
		confirmedReader(confirmed);
		clock.advance(Duration.ofMinutes(5));
		mvc.perform(post("/api/subscriptions").with(freshIp())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + confirmed + "\",\"consent\":true}")).andExpect(status().isAccepted());
		assertThat(jdbc.sql("SELECT last_signup_at FROM subscriber WHERE email = ?")
			.param(confirmed)
			.query(Timestamp.class)
			.single()
			.toInstant()).isEqualTo(clock.instant());
		assertThat(statusOf(confirmed)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void everyStateGetsTheSameAnswerFromTheForm() throws Exception {
		Map<String, String> answers = new LinkedHashMap<>();
		for (Map.Entry<String, String> state : addressesInEveryState().entrySet()) {
			answers
				.put(state.getKey(),
						answer(mvc.perform(post("/subscribe").with(csrf())
							.with(freshIp())
							.param("email", state.getValue())
							.param("firstName", "Rosa")
							.param("consent", "true")).andReturn().getResponse()));
		}
		assertThat(answers.get("new")).startsWith("302 ").contains("/check-your-inbox");
		assertThat(answers).allSatisfy((state, answer) -> assertThat(answer).as(state).isEqualTo(answers.get("new")));
	}

	/** The status, the headers but the date and the session cookie, and the body. */
	private static String answer(MockHttpServletResponse response) throws Exception {
		Map<String, Object> headers = new TreeMap<>();
		for (String name : response.getHeaderNames()) {
			if (!name.equalsIgnoreCase("Date") && !name.equalsIgnoreCase("Set-Cookie")) {
				headers.put(name.toLowerCase(), response.getHeaderValues(name));
			}
		}
		return response.getStatus() + " " + headers + " " + response.getRedirectedUrl() + " "
				+ response.getContentAsString();
	}

}
