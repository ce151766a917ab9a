package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Double-clicks and bursts: requests for one reader sent at the same moment (sign-ups,
 * the confirm and unsubscribe buttons) each get the answer they would get one after the
 * other, never a 500, and the reader gets no more mail than one would.
 */
class DoubleClicksIntegrationTest extends ReaderFixtures {

	private static final int AT_ONCE = 32;

	/** What a form sign-up answers when all is well. */
	private static final String CHECK_INBOX = "302 /check-your-inbox";

	private MockHttpServletRequestBuilder form(String email) {
		return post("/subscribe").with(csrf()).with(freshIp()).param("email", email).param("consent", "true");
	}

	private MockHttpServletRequestBuilder api(String email) {
		return post("/api/subscriptions").with(freshIp())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + email + "\",\"consent\":true}");
	}

	/**
	 * Sends {@code n} requests in the same instant; returns each answer as "status
	 * location".
	 */
	private List<String> atOnce(int n, Supplier<MockHttpServletRequestBuilder> request) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(n);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<String>> answers = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				MockHttpServletRequestBuilder built = request.get();
				answers.add(threads.submit(() -> {
					start.await();
					try {
						MockHttpServletResponse response = mvc.perform(built).andReturn().getResponse();
						return response.getStatus()
								+ (response.getRedirectedUrl() == null ? "" : " " + response.getRedirectedUrl());
					}
					catch (Exception ex) {
						// an exception no handler answered is a 500 for the client
						return "500 " + NestedExceptionUtils.getMostSpecificCause(ex).getClass().getSimpleName();
					}
				}));
			}
			start.countDown();
			List<String> result = new ArrayList<>();
			for (Future<String> answer : answers) {
				result.add(answer.get());
			}
			return result;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private int confirmationsQueuedTo(String email) {
		return rows("outbox_message", "recipient = ? AND kind = 'confirm'", email);
	}

	@Test
	void manySignUpsOfOneNewAddressAtOnceMakeOneReaderWithOneConfirmationMailThatWorks() throws Exception {
		String email = newAddress("stampede");

		List<String> answers = atOnce(AT_ONCE, () -> form(email));

		assertThat(answers).containsOnly(CHECK_INBOX);
		assertThat(rows("subscriber", "email = ?", email)).isOne();
		assertThat(rows("consent", "subscriber_id = ?", idOf(email))).isEqualTo(AT_ONCE);
		assertThat(confirmationsQueuedTo(email)).isOne();
		mvc.perform(post(confirmationPath(email)).with(csrf())).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void manySignUpsOfOnePendingAddressAtOnceSendOneMoreConfirmationMailThatWorks() throws Exception {
		String email = newAddress("pending-stampede");
		pendingReader(email);
		clock.advance(Duration.ofMinutes(5));

		List<String> answers = atOnce(AT_ONCE, () -> form(email));

		assertThat(answers).containsOnly(CHECK_INBOX);
		assertThat(confirmationsQueuedTo(email)).isEqualTo(2);
		mvc.perform(post(confirmationPath(email, 2)).with(csrf())).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void manyApiSignUpsOfOneNewAddressAtOnceAreAllAccepted() throws Exception {
		String email = newAddress("api-stampede");

		List<String> answers = atOnce(AT_ONCE, () -> api(email));

		assertThat(answers).containsOnly("202");
		assertThat(rows("subscriber", "email = ?", email)).isOne();
		assertThat(confirmationsQueuedTo(email)).isOne();
	}

	@Test
	void manySignUpsAtOnceOfAnAddressThatHadItsMailsThisHourAllGetThe429() throws Exception {
		String email = newAddress("capped-stampede");
		for (int i = 0; i < 3; i++) {
			signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
			clock.advance(Duration.ofMinutes(5));
		}

		List<String> answers = atOnce(AT_ONCE, () -> form(email));

		assertThat(answers).containsOnly("429");
		assertThat(confirmationsQueuedTo(email)).isEqualTo(3);
	}

	@Test
	void aCrowdOfDifferentReadersAtOnceIsStoredInSharedCommitsEachAsIfAlone() throws Exception {
		// sign-ups that arrive together share a transaction (SignupGroups): the capped
		// ones among them are refused, and the others keep what they would get alone
		List<String> capped = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			capped.add(newAddress("crowd-capped"));
		}
		for (int round = 0; round < 3; round++) {
			for (String email : capped) {
				signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
			}
			clock.advance(Duration.ofMinutes(5));
		}
		String confirmed = newAddress("crowd-confirmed");
		confirmedReader(confirmed);
		List<String> crowd = new ArrayList<>(capped);
		crowd.add(confirmed);
		while (crowd.size() < AT_ONCE) {
			crowd.add(newAddress("crowd"));
		}
		List<String> queue = new ArrayList<>(crowd);

		List<String> answers = atOnce(AT_ONCE, () -> {
			synchronized (queue) {
				return api(queue.remove(0));
			}
		});

		assertThat(answers).filteredOn("429"::equals).hasSize(capped.size());
		assertThat(answers).filteredOn("202"::equals).hasSize(AT_ONCE - capped.size());
		for (String email : capped) {
			assertThat(confirmationsQueuedTo(email)).as(email).isEqualTo(3);
		}
		assertThat(rows("outbox_message", "recipient = ? AND kind = 'already-subscribed'", confirmed)).isOne();
		for (String email : crowd.subList(capped.size() + 1, AT_ONCE)) {
			assertThat(statusOf(email)).as(email).isEqualTo(SubscriberStatus.PENDING);
			assertThat(rows("consent", "subscriber_id = ?", idOf(email))).as(email).isOne();
			assertThat(rows("subscriber_event", "subscriber_id = ? AND type = 'SUBSCRIBE_REQUESTED'", idOf(email)))
				.as(email)
				.isOne();
			assertThat(confirmationsQueuedTo(email)).as(email).isOne();
		}
		String last = crowd.get(AT_ONCE - 1);
		mvc.perform(post(confirmationPath(last)).with(csrf())).andExpect(status().isOk());
		assertThat(statusOf(last)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void manySignUpsOfAConfirmedReaderAtOnceSendOneAlreadySubscribedMail() throws Exception {
		String email = newAddress("confirmed-stampede");
		confirmedReader(email);
		clock.advance(Duration.ofMinutes(5));

		List<String> answers = atOnce(AT_ONCE, () -> form(email));

		assertThat(answers).containsOnly(CHECK_INBOX);
		assertThat(rows("outbox_message", "recipient = ? AND kind = 'already-subscribed'", email)).isOne();
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void twoClicksAtOnceNeverAnswer500() throws Exception {
		for (int round = 0; round < 10; round++) {
			String email = newAddress("double-click");

			assertThat(atOnce(2, () -> form(email))).containsOnly(CHECK_INBOX);
			assertThat(confirmationsQueuedTo(email)).isOne();
		}
	}

	@Test
	void twoClicksAtOnceOnTheConfirmButtonConfirmOnceAndAnswerAsOneAfterTheOther() throws Exception {
		for (int round = 0; round < 10; round++) {
			String email = newAddress("confirm-twice");
			String link = pendingReader(email);

			assertThat(atOnce(2, () -> post(link).with(csrf()))).containsExactlyInAnyOrder("200", "404");
			assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
			assertThat(rows("outbox_message", "recipient = ? AND kind = 'welcome'", email)).isOne();
		}
	}

	@Test
	void twoClicksAtOnceOnTheUnsubscribeButtonUnsubscribeOnceAndBothSaySo() throws Exception {
		for (int round = 0; round < 10; round++) {
			String email = newAddress("leave-twice");
			String link = confirmedReader(email);

			assertThat(atOnce(2, () -> post(link).with(csrf()).param("reason", "too many"))).containsOnly("200");
			assertThat(statusOf(email)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
			assertThat(rows("outbox_message", "recipient = ? AND kind = 'goodbye'", email)).isOne();
			assertThat(rows("subscriber_event", "subscriber_id = ? AND type = 'UNSUBSCRIBED'", idOf(email))).isOne();
		}
	}

	@Test
	void doubleClickedSignUpSendsOneConfirmationMailWhoseLinkWorks() throws Exception {
		String email = newAddress("double-clicker");
		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
		clock.advance(Duration.ofMillis(300));
		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));

		assertThat(rows("consent", "subscriber_id = ?", idOf(email))).isEqualTo(2);
		assertThat(confirmationsQueuedTo(email)).isOne();
		mvc.perform(post(confirmationPath(email)).with(csrf())).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void doubleClickedResendSendsOneNewLinkThatWorks() throws Exception {
		String email = newAddress("double-resend");
		pendingReader(email);
		clock.advance(Duration.ofHours(49));

		for (int click = 0; click < 2; click++) {
			mvc.perform(post("/confirm/resend").with(csrf()).param("email", email))
				.andExpect(redirectedUrl("/check-your-inbox"));
		}

		assertThat(confirmationsQueuedTo(email)).isEqualTo(2);
		mvc.perform(post(confirmationPath(email, 2)).with(csrf())).andExpect(status().isOk());
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void signUpAgainAfterAMinuteSendsAFreshLink() throws Exception {
		String email = newAddress("patient-again");
		String first = pendingReader(email);
		clock.advance(Duration.ofMinutes(1).plusSeconds(1));

		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));

		assertThat(confirmationPath(email, 2)).isNotEqualTo(first);
		assertThat(confirmationsQueuedTo(email)).isEqualTo(2);
	}

}
