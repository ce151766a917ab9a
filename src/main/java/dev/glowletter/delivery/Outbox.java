package dev.glowletter.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.glowletter.delivery.internal.DeliveryProperties;
import dev.glowletter.delivery.internal.OutboxSender;
import dev.glowletter.delivery.internal.StoredEmails;
import dev.glowletter.rendering.ComposedEmail;
import dev.glowletter.rendering.Email;
import dev.glowletter.rendering.MessageComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox of transactional mail. A message enqueued here is stored in the caller's
 * transaction, so it exists exactly when the change that caused it does, and is sent
 * within seconds after that transaction commits. Once sent or given up, only its record
 * is kept (no body, no model), and only for {@code glowletter.delivery.outbox-retention}.
 */
@Service
public class Outbox {

	private static final Logger log = LoggerFactory.getLogger(Outbox.class);

	/**
	 * The kind of the mails that ask to confirm a new address: the database keeps their
	 * recipient in {@code address_change_to} too (V46_1).
	 */
	public static final String ADDRESS_CHANGE_KIND = "confirm-address";

	/**
	 * No reader has this id (identities start at 1): counts for an address that is no
	 * reader's are asked with it, and find nothing, as for a reader without mail.
	 */
	public static final long NO_READER = 0;

	/**
	 * Lower goes first: a reader waiting for a confirmation comes before anything else.
	 */
	public enum Priority {

		TRANSACTIONAL(0), BULK(10);

		final int value;

		Priority(int value) {
			this.value = value;
		}

	}

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final Clock clock;

	private final OutboxSender sender;

	private final DeliveryProperties properties;

	private final MessageComposer composer;

	Outbox(JdbcClient jdbc, JdbcTemplate batch, Clock clock, OutboxSender sender, DeliveryProperties properties,
			MessageComposer composer) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.clock = clock;
		this.sender = sender;
		this.properties = properties;
		this.composer = composer;
	}

	/**
	 * Stores the e-mail for sending, in the current transaction, as what to compose: it
	 * is composed when it is sent (one with an attachment is composed now). Its
	 * Message-ID is chosen now, so that every attempt carries the same.
	 * @param kind what it is (confirm, welcome, ...), for the log and the rate limits
	 * @param subscriberId the reader it concerns, or null
	 * @return the message's id in the outbox
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long enqueue(Email email, String kind, Priority priority, Long subscriberId) {
		if (email.attachment() != null) {
			return enqueue(composer.compose(email), kind, priority, subscriberId);
		}
		return insert(kind, priority, email.to(), subscriberId, composer.newMessageId(), null,
				StoredEmails.write(email));
	}

	/**
	 * Stores the finished message for sending, in the current transaction.
	 * @param kind what it is (confirm, welcome, ...), for the log and the rate limits
	 * @param subscriberId the reader it concerns, or null
	 * @return the message's id in the outbox
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long enqueue(ComposedEmail email, String kind, Priority priority, Long subscriberId) {
		return insert(kind, priority, email.recipient(), subscriberId, email.messageId(), email.mime(), null);
	}

	private long insert(String kind, Priority priority, String recipient, Long subscriberId, String messageId,
			String mime, String model) {
		OffsetDateTime now = now();
		KeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO outbox_message (kind, priority, recipient, subscriber_id, message_id, mime, email,
				                            status, attempts, next_attempt_at, created_at)
				VALUES (:kind, :priority, :recipient, :subscriberId, :messageId, :mime, :email, 'QUEUED', 0, :now,
				        :now)
				""")
			.param("kind", kind)
			.param("priority", priority.value)
			.param("recipient", recipient)
			.param("subscriberId", subscriberId)
			.param("messageId", messageId)
			.param("mime", mime)
			.param("email", model)
			.param("now", now)
			.update(keys, "id");
		wakeSenderAfterCommit();
		return keys.getKeyAs(Number.class).longValue();
	}

	/** An e-mail to store for sending, with what {@link #enqueue} takes besides. */
	public record Queued(Email email, String kind, Long subscriberId) {
	}

	/**
	 * {@link #enqueue(Email, String, Priority, Long)} for each (none with an attachment),
	 * in one batch of inserts (one round trip on PostgreSQL), in the current transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void enqueueAll(List<Queued> emails, Priority priority) {
		if (emails.isEmpty()) {
			return;
		}
		OffsetDateTime now = now();
		List<Object[]> rows = new ArrayList<>(emails.size());
		for (Queued queued : emails) {
			rows.add(new Object[] { queued.kind(), priority.value, queued.email().to(), queued.subscriberId(),
					composer.newMessageId(), StoredEmails.write(queued.email()), now, now });
		}
		batch.batchUpdate("""
				INSERT INTO outbox_message (kind, priority, recipient, subscriber_id, message_id, email,
				                            status, attempts, next_attempt_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, ?)
				""", rows);
		wakeSenderAfterCommit();
	}

	private void wakeSenderAfterCommit() {
		// one wake-up per transaction is enough, however many messages it enqueued
		if (!TransactionSynchronizationManager.getResourceMap().containsKey(sender)) {
			TransactionSynchronizationManager.bindResource(sender, Boolean.TRUE);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(sender);
					if (status == STATUS_COMMITTED) {
						sender.wakeUp();
					}
				}
			});
		}
	}

	/**
	 * What became of a message, as long as its record is kept.
	 *
	 * @param status {@code QUEUED}, {@code SENT} or {@code FAILED}
	 * @param attempts how many times it was handed to the relay, or tried to be
	 * @param lastError what the relay (or the composing) said the last time it failed, or
	 * null
	 * @param sentAt when the relay took it, or null
	 */
	public record Record(long id, String kind, String recipient, String status, int attempts, String lastError,
			Instant createdAt, Instant sentAt) {
	}

	/**
	 * The record of a message of one of these kinds; empty when there is none (never
	 * queued, of another kind, purged after the retention, or erased with its reader).
	 */
	@Transactional(readOnly = true)
	public Optional<Record> find(long id, Collection<String> kinds) {
		return jdbc.sql("""
				SELECT id, kind, recipient, status, attempts, last_error, created_at, sent_at
				FROM outbox_message WHERE id = :id AND kind IN (:kinds)
				""")
			.param("id", id)
			.param("kinds", kinds)
			.query((rs, row) -> new Record(rs.getLong("id"), rs.getString("kind"), rs.getString("recipient"),
					rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
					instant(rs.getObject("created_at", OffsetDateTime.class)),
					instant(rs.getObject("sent_at", OffsetDateTime.class))))
			.optional();
	}

	private static Instant instant(OffsetDateTime time) {
		return time == null ? null : time.toInstant();
	}

	/**
	 * What a sign-up asks of an address's recent mail, in one query.
	 *
	 * @param sinceHour messages of the kinds asked for since the first time
	 * @param recent those of them of the one kind since the second, later time
	 */
	public record RecentMails(int sinceHour, int recent) {
	}

	/**
	 * How many messages of these kinds went, or are going, to the reader since
	 * {@code since}, and how many of them are of {@code recentKind} since
	 * {@code recentSince} (later than {@code since}). Counted by reader, not by address:
	 * a reader's mails go to their address (one reader an address), and an index by
	 * reader is written in order, where one by address took an entry at a random place
	 * per mail (docs/performance.md).
	 */
	@Transactional(readOnly = true)
	public RecentMails countRecent(long subscriberId, Collection<String> kinds, Instant since, String recentKind,
			Instant recentSince) {
		return jdbc.sql("""
				SELECT COUNT(*), COUNT(CASE WHEN kind = :recentKind AND created_at >= :recentSince THEN 1 END)
				FROM outbox_message WHERE subscriber_id = :subscriber AND kind IN (:kinds) AND created_at >= :since""")
			.param("subscriber", subscriberId)
			.param("kinds", kinds)
			.param("since", since.atOffset(ZoneOffset.UTC))
			.param("recentKind", recentKind)
			.param("recentSince", recentSince.atOffset(ZoneOffset.UTC))
			.query((rs, row) -> new RecentMails(rs.getInt(1), rs.getInt(2)))
			.single();
	}

	/**
	 * {@link #countRecent} for several readers in one query, each with its own
	 * {@code recentKind}.
	 * @param recentKinds per reader id, the kind whose messages since {@code recentSince}
	 * are counted apart
	 * @return per reader in {@code recentKinds}, its counts
	 */
	@Transactional(readOnly = true)
	public Map<Long, RecentMails> countRecentAll(Map<Long, String> recentKinds, Collection<String> kinds, Instant since,
			Instant recentSince) {
		if (recentKinds.isEmpty()) {
			return Map.of();
		}
		// the hour in the counts, not in the WHERE: with it there, H2 read all the
		// hour's mail by created_at instead of each reader's few by reader
		Map<Long, Map<String, int[]>> byKind = new HashMap<>();
		jdbc.sql("""
				SELECT subscriber_id, kind, COUNT(CASE WHEN created_at >= :since THEN 1 END),
				       COUNT(CASE WHEN created_at >= :recentSince THEN 1 END)
				FROM outbox_message WHERE subscriber_id IN (:subscribers) AND kind IN (:kinds)
				GROUP BY subscriber_id, kind""")
			.param("since", since.atOffset(ZoneOffset.UTC))
			.param("recentSince", recentSince.atOffset(ZoneOffset.UTC))
			.param("subscribers", recentKinds.keySet())
			.param("kinds", kinds)
			.query(rs -> {
				byKind.computeIfAbsent(rs.getLong(1), subscriber -> new HashMap<>())
					.put(rs.getString(2), new int[] { rs.getInt(3), rs.getInt(4) });
			});
		Map<Long, RecentMails> counts = new HashMap<>();
		recentKinds.forEach((subscriber, recentKind) -> {
			Map<String, int[]> kindCounts = byKind.getOrDefault(subscriber, Map.of());
			int sinceHour = kindCounts.values().stream().mapToInt(count -> count[0]).sum();
			int[] recent = kindCounts.get(recentKind);
			counts.put(subscriber, new RecentMails(sinceHour, recent == null ? 0 : recent[1]));
		});
		return counts;
	}

	/**
	 * How many messages of these kinds went, or are going, to the reader since the time.
	 */
	@Transactional(readOnly = true)
	public int countSince(long subscriberId, Collection<String> kinds, Instant since) {
		return jdbc
			.sql("SELECT COUNT(*) FROM outbox_message WHERE subscriber_id = :subscriber AND kind IN (:kinds) AND "
					+ "created_at >= :since")
			.param("subscriber", subscriberId)
			.param("kinds", kinds)
			.param("since", since.atOffset(ZoneOffset.UTC))
			.query(Integer.class)
			.single();
	}

	/**
	 * How many messages of the kind {@value #ADDRESS_CHANGE_KIND} went, or are going, to
	 * the address since the time, whichever reader asked for them: they go to an address
	 * that is not (yet) the reader's own, so they are counted by address, through a
	 * column that only they fill in (V46_1).
	 * @param addressKey the address in lower case
	 */
	@Transactional(readOnly = true)
	public int countAddressChangesTo(String addressKey, Instant since) {
		return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE address_change_to = :key AND created_at >= :since")
			.param("key", addressKey)
			.param("since", since.atOffset(ZoneOffset.UTC))
			.query(Integer.class)
			.single();
	}

	/** Drops what is still queued for a reader whose data is being erased. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void forgetSubscriber(long subscriberId) {
		jdbc.sql("DELETE FROM outbox_message WHERE subscriber_id = ?").param(subscriberId).update();
	}

	/**
	 * Deletes the records of sent and failed messages older than the retention (their
	 * bodies went when they were sent); a message still queued stays, however old.
	 * Returns how many went.
	 */
	@Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
	int purge() {
		int purged = jdbc.sql("DELETE FROM outbox_message WHERE status IN ('SENT', 'FAILED') AND created_at < :cutoff")
			.param("cutoff", now().minus(properties.outboxRetention()))
			.update();
		if (purged > 0) {
			log.info("Purged {} outbox record(s) older than {}", purged, properties.outboxRetention());
		}
		return purged;
	}

	private OffsetDateTime now() {
		// the database keeps microseconds: a rounded-up value could be "not due yet" for
		// a frozen clock
		return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

}
