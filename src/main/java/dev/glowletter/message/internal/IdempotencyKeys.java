package dev.glowletter.message.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The idempotency keys of the last 24 hours (table {@code message_request}): per caller
 * and key, the hash of what the call asked for and the outbox message it queued. The
 * primary key (caller, key) decides between two calls at the same moment: the second
 * insert fails, and its transaction, with the message it queued, is rolled back.
 */
@Component
class IdempotencyKeys {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

	/** How long a key is remembered. */
	static final Duration VALIDITY = Duration.ofHours(24);

	/** The longest key taken. */
	static final int MAX_LENGTH = 200;

	private final JdbcClient jdbc;

	private final Clock clock;

	IdempotencyKeys(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** A key's first call: what it asked for (hashed) and the message it queued. */
	record Remembered(String bodyHash, long outboxId) {
	}

	/** Whether a header's value can be a key: 1 to 200 printable ASCII characters. */
	static boolean valid(String key) {
		return key != null && !key.isEmpty() && key.length() <= MAX_LENGTH
				&& key.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !key.isBlank();
	}

	/** The key's first call, if it was made in the last 24 hours. */
	@Transactional(readOnly = true)
	public Optional<Remembered> find(String caller, String key) {
		return jdbc.sql("""
				SELECT body_hash, outbox_id FROM message_request
				WHERE caller = :caller AND idempotency_key = :key AND created_at >= :since
				""")
			.param("caller", caller)
			.param("key", key)
			.param("since", cutoff())
			.query((rs, row) -> new Remembered(rs.getString("body_hash"), rs.getLong("outbox_id")))
			.optional();
	}

	/**
	 * Remembers the key's first call, in the transaction that queued its message; a key
	 * older than 24 hours is forgotten first. Throws a
	 * {@link org.springframework.dao.DuplicateKeyException} (or, while the other
	 * transaction holds the row, a lock failure) when another call took the key first.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void remember(String caller, String key, String bodyHash, long outboxId) {
		jdbc.sql("DELETE FROM message_request WHERE caller = :caller AND idempotency_key = :key AND "
				+ "created_at < :since")
			.param("caller", caller)
			.param("key", key)
			.param("since", cutoff())
			.update();
		jdbc.sql("""
				INSERT INTO message_request (caller, idempotency_key, body_hash, outbox_id, created_at)
				VALUES (:caller, :key, :hash, :outboxId, :now)
				""")
			.param("caller", caller)
			.param("key", key)
			.param("hash", bodyHash)
			.param("outboxId", outboxId)
			.param("now", now())
			.update();
	}

	/** Forgets the keys older than 24 hours; returns how many. */
	@Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
	@Transactional
	public int purge() {
		int purged = jdbc.sql("DELETE FROM message_request WHERE created_at < :since")
			.param("since", cutoff())
			.update();
		if (purged > 0) {
			log.info("Forgot {} idempotency key(s) of the transactional API older than {}", purged, VALIDITY);
		}
		return purged;
	}

	private OffsetDateTime cutoff() {
		return now().minus(VALIDITY);
	}

	private OffsetDateTime now() {
		Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
		return now.atOffset(ZoneOffset.UTC);
	}

}
