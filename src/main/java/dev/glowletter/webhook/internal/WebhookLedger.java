package dev.glowletter.webhook.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhooks' outbox, the mail outbox's sibling: rows are inserted in the caller's
 * transaction; a claim takes due rows (row locks other instances skip, and a lease a
 * crashed instance's claim runs out of); a record writes what became of each call.
 */
@Component
public class WebhookLedger {

	private static final Logger log = LoggerFactory.getLogger(WebhookLedger.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final WebhookProperties properties;

	private final Clock clock;

	WebhookLedger(JdbcClient jdbc, TransactionTemplate transactions, WebhookProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Queues a call to one endpoint, due now, in the caller's transaction (or its own
	 * when there is none); returns the row's id.
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public long enqueue(long endpointId, String messageId, String type, String payload) {
		OffsetDateTime now = utc(clock.instant());
		KeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO webhook_delivery (endpoint_id, message_id, event_type, payload, status, attempts,
				created_at, next_attempt_at) VALUES (:endpoint, :message, :type, :payload, 'PENDING', 0, :now, :now)
				""")
			.param("endpoint", endpointId)
			.param("message", messageId)
			.param("type", type)
			.param("payload", payload)
			.param("now", now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	/** A claimed call: where to, signed with what, and what. */
	record Claimed(long id, long endpointId, String url, String secret, String messageId, String payload, int attempts,
			Instant firstAttemptAt) {
	}

	/**
	 * Claims up to {@code limit} due calls of enabled endpoints, at most
	 * {@code room.get(endpoint)} (else {@code perEndpoint}) for each, none of the
	 * {@code full} endpoints; oldest first.
	 */
	List<Claimed> claim(int limit, Set<Long> full, Map<Long, Integer> room) {
		Instant now = clock.instant();
		return transactions.execute(status -> {
			List<Long> candidates = jdbc.sql("""
					SELECT id FROM webhook_delivery
					WHERE status = 'PENDING' AND next_attempt_at <= :now
					AND (locked_until IS NULL OR locked_until < :now)
					AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE enabled)
					AND endpoint_id NOT IN (:full)
					ORDER BY id
					FETCH FIRST :candidates ROWS ONLY
					FOR UPDATE SKIP LOCKED
					""")
				.param("now", utc(now))
				.param("full", full.isEmpty() ? List.of(-1L) : List.copyOf(full))
				.param("candidates", limit * 4)
				.query(Long.class)
				.list();
			if (candidates.isEmpty()) {
				return List.<Claimed>of();
			}
			List<Claimed> rows = jdbc.sql("""
					SELECT d.id, d.endpoint_id AS endpointId, e.url, e.secret, d.message_id AS messageId, d.payload,
					d.attempts, d.first_attempt_at AS firstAttemptAt
					FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
					WHERE d.id IN (:ids) ORDER BY d.id
					""").param("ids", candidates).query(Claimed.class).list();
			List<Claimed> chosen = new ArrayList<>();
			Map<Long, Integer> left = new HashMap<>(room);
			for (Claimed candidate : rows) {
				int free = left.getOrDefault(candidate.endpointId(), properties.perEndpoint());
				if (free > 0 && chosen.size() < limit) {
					chosen.add(candidate);
					left.put(candidate.endpointId(), free - 1);
				}
			}
			if (!chosen.isEmpty()) {
				// the lease outlasts a call's timeout, so a live claim is never taken
				// twice
				jdbc.sql("UPDATE webhook_delivery SET locked_until = :until WHERE id IN (:ids)")
					.param("until", utc(now.plus(properties.timeout().multipliedBy(3)).plusSeconds(30)))
					.param("ids", chosen.stream().map(Claimed::id).toList())
					.update();
			}
			return chosen;
		});
	}

	/** A 2xx: delivered, and the endpoint is no longer failing. */
	void delivered(Claimed call, int status, String excerpt) {
		OffsetDateTime now = utc(clock.instant());
		transactions.executeWithoutResult(tx -> {
			lockEndpoint(call);
			jdbc.sql("""
					UPDATE webhook_delivery SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = :now,
					last_attempt_at = :now, first_attempt_at = COALESCE(first_attempt_at, :now), locked_until = NULL,
					response_status = :status, response_excerpt = :excerpt, last_error = NULL WHERE id = :id
					""")
				.param("now", now)
				.param("status", status)
				.param("excerpt", excerpt)
				.param("id", call.id())
				.update();
			jdbc.sql("UPDATE webhook_endpoint SET failing_since = NULL WHERE id = :id AND failing_since IS NOT NULL")
				.param("id", call.endpointId())
				.update();
		});
	}

	/**
	 * No 2xx (an answer with its status, or none): another attempt after the back-off,
	 * the last one a day after the first; then the delivery has failed. An endpoint that
	 * has had no 2xx for that day is disabled, with the reason.
	 */
	void failed(Claimed call, Integer status, String excerpt, String error) {
		Instant now = clock.instant();
		int attempts = call.attempts() + 1;
		Instant first = call.firstAttemptAt() == null ? now : call.firstAttemptAt();
		Instant lastChance = first.plus(properties.giveUpAfter());
		boolean giveUp = !now.isBefore(lastChance);
		Instant next = now.plus(properties.backoff(attempts));
		if (next.isAfter(lastChance)) {
			next = lastChance;
		}
		Instant nextAttempt = next;
		transactions.executeWithoutResult(tx -> {
			lockEndpoint(call);
			jdbc.sql("""
					UPDATE webhook_delivery SET status = :state, attempts = :attempts, last_attempt_at = :now,
					first_attempt_at = :first, next_attempt_at = :next, locked_until = NULL,
					response_status = :status, response_excerpt = :excerpt, last_error = :error WHERE id = :id
					""")
				.param("state", giveUp ? "FAILED" : "PENDING")
				.param("attempts", attempts)
				.param("now", utc(now))
				.param("first", utc(first))
				.param("next", utc(nextAttempt))
				.param("status", status)
				.param("excerpt", excerpt)
				.param("error", cut(error, 1000))
				.param("id", call.id())
				.update();
			jdbc.sql("UPDATE webhook_endpoint SET failing_since = :now WHERE id = :id AND failing_since IS NULL")
				.param("now", utc(now))
				.param("id", call.endpointId())
				.update();
			Instant since = jdbc.sql("SELECT failing_since FROM webhook_endpoint WHERE id = :id AND enabled")
				.param("id", call.endpointId())
				.query(OffsetDateTime.class)
				.optional()
				.map(OffsetDateTime::toInstant)
				.orElse(null);
			int disabled = 0;
			if (since != null && !since.isAfter(now.minus(properties.giveUpAfter()))) {
				String reason = "Disabled at " + now + ": no 2xx answer since " + since + " (more than "
						+ properties.giveUpAfter().toHours() + " hours). The last attempt: " + error;
				disabled = jdbc.sql("""
						UPDATE webhook_endpoint SET enabled = FALSE, disabled_reason = :reason, updated_at = :now
						WHERE id = :id AND enabled
						""")
					.param("reason", cut(reason, 1000))
					.param("now", utc(now))
					.param("id", call.endpointId())
					.update();
			}
			if (disabled == 1) {
				log.warn("Webhook endpoint {} disabled: no 2xx answer for {}", call.endpointId(),
						properties.giveUpAfter());
			}
		});
		if (giveUp) {
			log.warn("Giving up on webhook delivery {} to endpoint {} after {} attempt(s): {}", call.id(),
					call.endpointId(), attempts, error);
		}
	}

	/**
	 * Takes the endpoint's row before the delivery's, the order in which deleting an
	 * endpoint takes them (its row, then its deliveries by the cascade): the other order
	 * deadlocks with an admin's delete. Once the endpoint is gone, the updates that
	 * follow find nothing.
	 */
	private void lockEndpoint(Claimed call) {
		jdbc.sql("SELECT id FROM webhook_endpoint WHERE id = :id FOR UPDATE")
			.param("id", call.endpointId())
			.query(Long.class)
			.optional();
	}

	/** Forgets delivered and failed calls older than the retention; returns how many. */
	int purge() {
		return jdbc.sql("DELETE FROM webhook_delivery WHERE status <> 'PENDING' AND created_at < :before")
			.param("before", utc(clock.instant().minus(properties.retention())))
			.update();
	}

	static String cut(String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
