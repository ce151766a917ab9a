package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * A group of sign-ups stored together ({@link Subscriptions#subscribeAll}, read with one
 * query per kind and written in batches) gets what the same sign-ups get one after the
 * other ({@link Subscriptions#subscribe}): readers in every state, an address twice, an
 * IP address at its limit, an address at its limit of mails. Two worlds made alike, one
 * signed up each way, compared row by row.
 */
class SubscribeAllIntegrationTest extends ReaderFixtures {

	@Test
	void aGroupGetsWhatItsSignUpsGetOneAfterTheOther() {
		Instant now = clock.instant();
		World together = new World("together", 1);
		World oneByOne = new World("alone", 2);
		together.make(now);
		oneByOne.make(now);
		clock.set(now);

		List<TooManyRequests> grouped = subscriptions.subscribeAll(together.signUps());
		List<TooManyRequests> alone = new ArrayList<>();
		for (SubscribeRequest request : oneByOne.signUps()) {
			try {
				subscriptions.subscribe(request);
				alone.add(null);
			}
			catch (TooManyRequests refused) {
				alone.add(refused);
			}
		}

		assertThat(grouped.stream().map(SubscribeAllIntegrationTest::refusal).toList())
			.as("who was refused, why, and for how long")
			.isEqualTo(alone.stream().map(SubscribeAllIntegrationTest::refusal).toList())
			.containsExactly(null, null, null, null, null, null, null, null, "tooMany.signupsFromIp 1800", null,
					"tooMany.confirmationMails 3600", "tooMany.signupsFromIp 1200");
		for (String name : World.NAMES) {
			assertThat(together.rows(name, now)).as(name).isEqualTo(oneByOne.rows(name, now));
		}
		assertThat(together.rows("fresh", now)).as("a new address, signed up twice at once")
			.isEqualTo(List.of("PENDING", "consents 2", "event SUBSCRIBE_REQUESTED API",
					"event SUBSCRIBE_REQUESTED API, again within a minute: no new mail", "mail confirm"));
		assertThat(together.rows("confirmed", now))
			.isEqualTo(List.of("CONFIRMED", "consents 2", "event ALREADY_SUBSCRIBED API", "mail already-subscribed"));
		assertThat(together.rows("pending-just-now", now)).isEqualTo(
				List.of("PENDING", "consents 2", "event SUBSCRIBE_REQUESTED API, again within a minute: no new mail"));
		assertThat(together.rows("shared-ip-2", now)).as("over its IP address's limit: nothing stored")
			.isEqualTo(List.of("none"));
		assertThat(together.rows("full-ip", now)).as("its IP address at the limit already").isEqualTo(List.of("none"));
	}

	private static String refusal(TooManyRequests refused) {
		return refused == null ? null : refused.text() + " " + refused.retryAfterSeconds();
	}

	/** Readers in every state, under addresses and IP addresses of one world's own. */
	private final class World {

		static final List<String> NAMES = List.of("fresh", "pending", "pending-just-now", "confirmed",
				"confirmed-just-now", "unsubscribed", "shared-ip-1", "shared-ip-2", "at-limit", "full-ip");

		private final String tag;

		private final String ipPrefix;

		World(String tag, int ipNet) {
			this.tag = newAddress(tag).replace("@example.org", "");
			this.ipPrefix = "10.77." + ipNet + ".";
		}

		String address(String name) {
			return name + "-" + tag + "@example.org";
		}

		SubscribeRequest request(String address, String ip) {
			return new SubscribeRequest(EmailAddress.parse(address), "", ConsentSource.API, ip, "test", List.of(),
					Map.of(), null);
		}

		/** Signs up, as of the time, from an IP address of its own. */
		void signUp(String name, Instant at, int ip) {
			clock.set(at);
			subscriptions.subscribe(request(address(name), ipPrefix + ip));
		}

		void make(Instant now) {
			Instant tenMinutesAgo = now.minus(Duration.ofMinutes(10));
			signUp("pending", tenMinutesAgo, 10);
			signUp("pending-just-now", now.minusSeconds(10), 11);
			signUp("confirmed", tenMinutesAgo, 12);
			signUp("confirmed-just-now", tenMinutesAgo, 13);
			signUp("unsubscribed", tenMinutesAgo, 14);
			setStatus("confirmed", "CONFIRMED");
			setStatus("confirmed-just-now", "CONFIRMED");
			setStatus("unsubscribed", "UNSUBSCRIBED");
			// its already-subscribed note went out within the minute
			signUp("confirmed-just-now", now.minusSeconds(20), 15);
			// three confirmation mails this hour: the limit
			for (int i = 0; i < 3; i++) {
				signUp("at-limit", now.minus(Duration.ofMinutes(50 - 10 * i)), 16);
			}
			// one sign-up short of the IP address's limit (20 an hour), and one at it
			for (int i = 0; i < 20; i++) {
				clock.set(now.minus(Duration.ofMinutes(i < 10 ? 40 : 30)));
				subscriptions.subscribe(request("full-" + i + "-" + tag + "@example.org", ipPrefix + 201));
				if (i < 19) {
					clock.set(now.minus(Duration.ofMinutes(30)));
					subscriptions.subscribe(request("earlier-" + i + "-" + tag + "@example.org", ipPrefix + 200));
				}
			}
		}

		private void setStatus(String name, String status) {
			jdbc.sql("UPDATE subscriber SET status = ?, confirmed_at = status_changed_at WHERE email_key = ?")
				.params(status, EmailAddress.parse(address(name)).key())
				.update();
		}

		/**
		 * As the group arrives: the IP limit's pair from one address, an address twice.
		 */
		List<SubscribeRequest> signUps() {
			return List.of(request(address("fresh"), ipPrefix + 1), request(address("pending"), ipPrefix + 2),
					request(address("pending-just-now"), ipPrefix + 3), request(address("confirmed"), ipPrefix + 4),
					request(address("confirmed-just-now"), ipPrefix + 5),
					request(address("unsubscribed"), ipPrefix + 6),
					request(address("fresh").toUpperCase(), ipPrefix + 7),
					request(address("shared-ip-1"), ipPrefix + 200), request(address("shared-ip-2"), ipPrefix + 200),
					request(address("missing"), ipPrefix + 8), request(address("at-limit"), ipPrefix + 9),
					request(address("full-ip"), ipPrefix + 201));
		}

		/**
		 * What the sign-ups left of a reader: status, consents, events and mails since
		 * the time.
		 */
		List<String> rows(String name, Instant since) {
			String key = EmailAddress.parse(address(name)).key();
			Function<String, List<String>> query = sql -> jdbc.sql(sql)
				.params(key, since.atOffset(ZoneOffset.UTC))
				.query(String.class)
				.list();
			List<String> rows = new ArrayList<>(jdbc.sql("SELECT status FROM subscriber WHERE email_key = ?")
				.param(key)
				.query(String.class)
				.list());
			if (rows.isEmpty()) {
				return List.of("none");
			}
			rows.add("consents " + jdbc.sql("""
					SELECT COUNT(*) FROM consent c JOIN subscriber s ON s.id = c.subscriber_id
					WHERE s.email_key = ?""").param(key).query(Integer.class).single());
			query.apply("""
					SELECT 'event ' || e.type || ' ' || e.detail FROM subscriber_event e
					JOIN subscriber s ON s.id = e.subscriber_id WHERE s.email_key = ? AND e.occurred_at >= ?
					ORDER BY e.id""").forEach(rows::add);
			query.apply("""
					SELECT 'mail ' || m.kind FROM outbox_message m JOIN subscriber s ON s.id = m.subscriber_id
					WHERE s.email_key = ? AND m.created_at >= ? ORDER BY m.id""").forEach(rows::add);
			return rows;
		}

	}

}
