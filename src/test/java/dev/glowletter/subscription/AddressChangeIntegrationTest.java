package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.glowletter.CampaignsApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

/**
 * A reader moves to another address from their preference page (issue 15): the new
 * address must confirm, and until it does the old one stays theirs and keeps getting the
 * newsletter; an address another reader has is answered alike and changes nothing; a
 * forged, run-out or used link changes nothing either.
 */
// a context of its own: the campaign sent here goes to every confirmed reader of it
@TestPropertySource(properties = "glowletter.test.context=address-change")
class AddressChangeIntegrationTest extends ReaderFixtures {

	/** What the page says after a request, whether or not the address can be used. */
	private static final String REQUESTED = "can be used, we sent it a link";

	@Autowired
	ApplicationContext context;

	@Test
	void theNewAddressConfirmsAndUntilThenTheOldOneKeepsTheNewsletter() throws Exception {
		String old = newAddress("mover");
		String moved = newAddress("moved");
		String preferences = preferencesPath(old);
		long id = idOf(old);

		askFor(preferences, moved).andExpect(status().isOk()).andExpect(content().string(containsString(REQUESTED)));
		String link = ReaderPathIntegrationTest.link(lastMail(moved, "Confirm your new address"),
				"/preferences/address/");
		assertThat(isKnown(moved)).isFalse();
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Before the move", "intro", "Hello."));
		CampaignsApi.sendNow(mvc, jdbc, context, campaign);
		assertThat(lastMail(old, "Before the move")).isNotNull();
		assertThat(mailsTo(moved)).extracting(ReaderFixtures::subject).doesNotContain("Before the move");

		mvc.perform(get(link))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Yes, use this address")))
			.andExpect(content().string(containsString("<meta name=\"viewport\" content=\"width=device-width")))
			.andExpect(content().string(not(containsString("<script"))));
		assertThat(idOf(old)).as("a GET (a mail scanner) changes nothing").isEqualTo(id);
		mvc.perform(post(link)).andExpect(status().isOk()).andExpect(content().string(containsString("Done.")));

		assertThat(idOf(moved)).isEqualTo(id);
		assertThat(isKnown(old)).isFalse();
		assertThat(lastMail(old, "Your address for")).isNotNull();
		assertThat(history(id)).containsSubsequence("ADDRESS_CHANGE_REQUESTED to " + moved,
				"ADDRESS_CHANGED from " + old + " to " + moved);
		mvc.perform(post(link)).andExpect(status().isNotFound());
		mvc.perform(get(preferences))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(moved.charAt(0) + "***@example.org")));
	}

	@Test
	void aReaderWhoseOldAddressBouncedGetsMailAgainAtTheConfirmedNewOne() throws Exception {
		String old = newAddress("bounced.mover");
		String moved = newAddress("working.mover");
		String preferences = preferencesPath(old);
		jdbc.sql("UPDATE subscriber SET status = 'BOUNCED' WHERE id = ?").param(idOf(old)).update();

		askFor(preferences, moved).andExpect(status().isOk());
		String link = ReaderPathIntegrationTest.link(lastMail(moved, "Confirm your new address"),
				"/preferences/address/");
		assertThat(statusOf(old)).as("asking proves nothing yet").isEqualTo(SubscriberStatus.BOUNCED);
		mvc.perform(post(link)).andExpect(status().isOk());

		assertThat(statusOf(moved)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void anAddressAnotherReaderHasIsAnsweredAlikeAndNothingChanges() throws Exception {
		String asker = newAddress("asker");
		String owner = newAddress("owner");
		String preferences = preferencesPath(asker);
		confirmedReader(owner);
		int ownerMails = mailsTo(owner).size();

		askFor(preferences, owner).andExpect(status().isOk()).andExpect(content().string(containsString(REQUESTED)));

		assertThat(lastMail(owner, "You are already subscribed")).isNotNull();
		assertThat(mailsTo(owner)).hasSize(ownerMails + 1)
			.extracting(ReaderFixtures::subject)
			.noneMatch(subject -> subject.startsWith("Confirm your new address"));
		assertThat(statusOf(asker)).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(rows("subscriber", "id = ? AND new_email IS NULL", idOf(asker))).isOne();
		assertThat(idOf(owner)).isNotEqualTo(idOf(asker));
	}

	@Test
	void aBadAddressIsMarkedOnTheFormEscapedAndNothingIsStored() throws Exception {
		String reader = newAddress("typo");
		String preferences = preferencesPath(reader);

		askFor(preferences, "<b>not-an-address").andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("aria-invalid=\"true\" aria-describedby=\"email-error\"")))
			.andExpect(content().string(containsString("&lt;b&gt;not-an-address")))
			.andExpect(content().string(not(containsString("<b>not-an-address"))));
		askFor(preferences, reader).andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("the address we write to already")));

		assertThat(rows("subscriber_event", "subscriber_id = ? AND type = 'ADDRESS_CHANGE_REQUESTED'", idOf(reader)))
			.isZero();
	}

	@Test
	void aForgedOrRunOutLinkShowsTheInvalidPageAndChangesNothing() throws Exception {
		String old = newAddress("careful");
		String moved = newAddress("never");
		String preferences = preferencesPath(old);
		String forgedPreferences = preferences.substring(0, preferences.length() - 2)
				+ (preferences.endsWith("AA") ? "BB" : "AA");
		askFor(forgedPreferences, moved).andExpect(status().isNotFound());
		assertThat(mailsTo(moved)).isEmpty();

		askFor(preferences, moved).andExpect(status().isOk());
		String link = ReaderPathIntegrationTest.link(lastMail(moved, "Confirm your new address"),
				"/preferences/address/");
		String forged = link.substring(0, link.length() - 2) + (link.endsWith("AA") ? "BB" : "AA");
		mvc.perform(get(forged)).andExpect(status().isNotFound());
		mvc.perform(post(forged)).andExpect(status().isNotFound());
		mvc.perform(post("/preferences/address/not-a-token")).andExpect(status().isNotFound());

		clock.advance(Duration.ofHours(49));
		mvc.perform(get(link))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("This link no longer works")));
		mvc.perform(post(link)).andExpect(status().isNotFound());
		assertThat(isKnown(old)).isTrue();
		assertThat(isKnown(moved)).isFalse();
	}

	@Test
	void anAddressTakenBeforeTheLinkIsUsedIsRefusedAndNothingChanges() throws Exception {
		String old = newAddress("slow");
		String moved = newAddress("quick");
		askFor(preferencesPath(old), moved).andExpect(status().isOk());
		String link = ReaderPathIntegrationTest.link(lastMail(moved, "Confirm your new address"),
				"/preferences/address/");
		confirmedReader(moved);

		mvc.perform(post(link))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("subscribed already")));
		assertThat(isKnown(old)).isTrue();
		assertThat(idOf(moved)).isNotEqualTo(idOf(old));
	}

	@Test
	void twoClicksAtOnceChangeTheAddressOnce() throws Exception {
		String old = newAddress("double");
		String moved = newAddress("clicked");
		askFor(preferencesPath(old), moved).andExpect(status().isOk());
		String link = ReaderPathIntegrationTest.link(lastMail(moved, "Confirm your new address"),
				"/preferences/address/");
		long id = idOf(old);

		List<Integer> answers = atOnce(8, link);

		assertThat(answers).containsOnly(200, 404).containsOnlyOnce(200);
		assertThat(idOf(moved)).isEqualTo(id);
		assertThat(rows("subscriber_event", "subscriber_id = ? AND type = 'ADDRESS_CHANGED'", id)).isOne();
		assertThat(rows("outbox_message", "recipient = ? AND kind = 'address-changed'", old)).isOne();
	}

	@Test
	void askingTooOftenGetsTheFriendlyPageAndSendsNothingMore() throws Exception {
		String reader = newAddress("restless");
		String preferences = preferencesPath(reader);
		for (int i = 0; i < 3; i++) {
			askFor(preferences, newAddress("try")).andExpect(status().isOk());
		}
		String fourth = newAddress("fourth");

		askFor(preferences, fourth).andExpect(status().isTooManyRequests())
			.andExpect(content().string(containsString("several times in the last hour")));
		assertThat(outboxRowsTo(fourth)).isZero();
	}

	@Test
	void anAddressOthersAskedForTooOftenGetsNoMoreLinksThisHour() throws Exception {
		String wanted = newAddress("wanted");
		for (int i = 0; i < 3; i++) {
			askFor(preferencesPath(newAddress("suitor")), wanted).andExpect(status().isOk());
		}
		assertThat(outboxRowsTo(wanted)).isEqualTo(3);

		// counted by address in any case, whichever reader asks
		askFor(preferencesPath(newAddress("suitor")), wanted.toUpperCase(Locale.ROOT))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().string(containsString("That address was sent several confirmation e-mails")));
		assertThat(outboxRowsTo(wanted)).isEqualTo(3);
		assertThat(rows("outbox_message", "LOWER(recipient) = LOWER(?)", wanted)).isEqualTo(3);

		clock.advance(Duration.ofMinutes(61));
		askFor(preferencesPath(newAddress("suitor")), wanted).andExpect(status().isOk())
			.andExpect(content().string(containsString(REQUESTED)));
		assertThat(outboxRowsTo(wanted)).isEqualTo(4);
	}

	// --- helpers ---

	/** A confirmed reader's preference page. */
	private String preferencesPath(String email) throws Exception {
		return confirmedReader(email).replace("/unsubscribe/", "/preferences/");
	}

	private ResultActions askFor(String preferences, String newEmail) throws Exception {
		return mvc.perform(post(preferences + "/address").with(freshIp()).param("email", newEmail));
	}

	private List<String> history(long id) {
		return jdbc
			.sql("SELECT type || ' ' || COALESCE(detail, '') FROM subscriber_event WHERE subscriber_id = ? "
					+ "ORDER BY occurred_at, id")
			.param(id)
			.query(String.class)
			.list();
	}

	/** POSTs to the link {@code n} times in the same instant; returns each status. */
	private List<Integer> atOnce(int n, String link) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(n);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				answers.add(threads.submit(() -> {
					start.await();
					try {
						return mvc.perform(post(link)).andReturn().getResponse().getStatus();
					}
					catch (Exception ex) {
						// an exception no handler answered is a 500 for the client
						return 500;
					}
				}));
			}
			start.countDown();
			List<Integer> result = new ArrayList<>();
			for (Future<Integer> answer : answers) {
				result.add(answer.get());
			}
			return result;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
