package dev.glowletter.delivery.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.glowletter.delivery.smtp.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's ledger, the campaign ledger's small sibling: a claim takes due messages
 * (row locks other instances skip, and a lease a crashed instance's claim runs out of); a
 * record writes what became of each. A temporary failure is retried with a growing wait;
 * a permanent one (5xx) is final.
 */
@Component
class OutboxLedger {

	private static final Logger log = LoggerFactory.getLogger(OutboxLedger.class);

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private final DeliveryProperties properties;

	private final Clock clock;

	OutboxLedger(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
			DeliveryProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * A claimed message: its recipient, its Message-ID, and either its finished MIME or
	 * the e-mail to compose (JSON, see {@link StoredEmails}).
	 */
	record Claimed(long id, String recipient, Long subscriberId, String messageId, String mime, String email,
			int attempts) {
	}

	/**
	 * The due messages, most urgent first, read through {@code outbox_claim_idx} (status,
	 * priority, id) in that order up to the batch: no sort of every queued message.
	 */
	static final String CLAIM = """
			SELECT id, recipient, subscriber_id, message_id, mime, email, attempts FROM outbox_message
			WHERE status = 'QUEUED' AND next_attempt_at <= :now AND (locked_until IS NULL OR locked_until < :now)
			ORDER BY priority, id
			FETCH FIRST :limit ROWS ONLY
			FOR UPDATE SKIP LOCKED
			""";

	/**
	 * Claims the next due messages, most urgent first; empty when none is due. Two
	 * statements: the rows read as they are locked, then their lease.
	 */
	List<Claimed> claim() {
		Instant now = clock.instant();
		return transactions.execute(status -> {
			List<Claimed> claimed = jdbc.sql(CLAIM)
				.param("now", now.atOffset(ZoneOffset.UTC))
				.param("limit", properties.batchSize())
				.query((rs, row) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class),
						rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7)))
				.list();
			if (!claimed.isEmpty()) {
				jdbc.sql("UPDATE outbox_message SET locked_until = :until WHERE id IN (:ids)")
					.param("until", now.plus(properties.lease()).atOffset(ZoneOffset.UTC))
					.param("ids", claimed.stream().map(Claimed::id).toList())
					.update();
			}
			return claimed;
		});
	}

	/**
	 * Records each message's reply (in the same order), all in one transaction; returns
	 * how many were sent.
	 */
	int record(List<Claimed> claimed, SmtpReply[] replies) {
		List<Object[]> sent = new ArrayList<>(claimed.size());
		OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
		transactions.executeWithoutResult(status -> {
			for (int i = 0; i < claimed.size(); i++) {
				if (replies[i].accepted()) {
					sent.add(new Object[] { now, claimed.get(i).id() });
				}
				else {
					markFailed(claimed.get(i), replies[i]);
				}
			}
			// the body or model (links, attachments) has done its work; the record is
			// what
			// reports and limits need
			jdbcTemplate.batchUpdate("UPDATE outbox_message SET status = 'SENT', sent_at = ?, attempts = attempts + 1, "
					+ "locked_until = NULL, last_error = NULL, mime = NULL, email = NULL WHERE id = ?", sent);
		});
		return sent.size();
	}

	private void markFailed(Claimed message, SmtpReply reply) {
		int attempts = message.attempts() + 1;
		// a 5xx, or an address no envelope can carry; no reply at all (relay down) is
		// worth another try
		boolean permanent = reply.code() >= 500
				|| (reply.code() == SmtpReply.NOT_MADE && reply.step() == SmtpReply.Step.RCPT);
		String error = reply.text() == null || reply.text().length() <= 1000 ? reply.text()
				: reply.text().substring(0, 1000);
		if (permanent || attempts >= properties.maxAttempts()) {
			log.warn("Giving up on outbox message {} to {} after {} attempt(s): {}", message.id(), message.recipient(),
					attempts, error);
			jdbc.sql("UPDATE outbox_message SET status = 'FAILED', attempts = :attempts, locked_until = NULL, "
					+ "last_error = :error, mime = NULL, email = NULL WHERE id = :id")
				.param("attempts", attempts)
				.param("error", error)
				.param("id", message.id())
				.update();
			return;
		}
		Duration wait = properties.backoff(attempts);
		log.info("Outbox message {} to {} failed for now ({}); retrying in {}", message.id(), message.recipient(),
				error, wait);
		jdbc.sql("UPDATE outbox_message SET attempts = :attempts, next_attempt_at = :next, locked_until = NULL, "
				+ "last_error = :error WHERE id = :id")
			.param("attempts", attempts)
			.param("next", clock.instant().plus(wait).atOffset(ZoneOffset.UTC))
			.param("error", error)
			.param("id", message.id())
			.update();
	}

}
