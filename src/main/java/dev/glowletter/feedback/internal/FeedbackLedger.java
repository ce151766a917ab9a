package dev.glowletter.feedback.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The bounce records and the keys of the reports already processed, in the caller's
 * transaction.
 */
@Component
class FeedbackLedger {

	private final JdbcClient jdbc;

	FeedbackLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Where a bounce came from: the bounce table's {@code source}. */
	enum Source {

		SMTP, MAILBOX, SES, POSTMARK, MAILGUN, SENDGRID

	}

	/**
	 * A bounce or complaint to record.
	 *
	 * @param campaignId null for a transactional mail or when nobody can tell
	 * @param sendKey the send it is about
	 */
	record Entry(long subscriberId, Long campaignId, String sendKey, String kind, Source source, String recipient,
			String status, String diagnostic, Instant occurredAt) {
	}

	/**
	 * Marks a report or event as processed; false when it was already (a second poll of
	 * the same mail, a replayed webhook). Two instances processing the same one at once:
	 * one of them waits for the other's transaction, then gets false.
	 */
	boolean firstTime(String key, Instant now) {
		return jdbc
			.sql("INSERT INTO feedback_processed (report_key, processed_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
			.params(keyOf(key), now.atOffset(ZoneOffset.UTC))
			.update() == 1;
	}

	void record(Entry entry) {
		jdbc.sql("""
				INSERT INTO bounce (subscriber_id, campaign_id, send_key, kind, source, recipient, status, diagnostic,
				occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(entry.subscriberId(), entry.campaignId(), cut(entry.sendKey(), 80), entry.kind(),
					entry.source().name(), cut(entry.recipient(), 254), cut(entry.status(), 20),
					cut(entry.diagnostic(), 1000), entry.occurredAt().atOffset(ZoneOffset.UTC))
			.update();
	}

	/** The distinct sends the reader soft-bounced on since that time. */
	int softBouncedSends(long subscriberId, Instant since) {
		return jdbc
			.sql("SELECT COUNT(DISTINCT send_key) FROM bounce WHERE subscriber_id = ? AND kind = 'SOFT' AND "
					+ "occurred_at >= ?")
			.params(subscriberId, since.atOffset(ZoneOffset.UTC))
			.query(Integer.class)
			.single();
	}

	/** Forgets the keys of reports processed before that time. */
	int forgetProcessedBefore(Instant before) {
		return jdbc.sql("DELETE FROM feedback_processed WHERE processed_at < ?")
			.param(before.atOffset(ZoneOffset.UTC))
			.update();
	}

	/** A key of fixed length whatever the id's: the hash of it, hex. */
	static String keyOf(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	static String cut(String value, int max) {
		if (value == null) {
			return null;
		}
		String line = value.replaceAll("[\\r\\n\\t]+", " ").strip();
		return line.length() <= max ? line : line.substring(0, max);
	}

}
