package dev.glowletter.delivery.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.delivery.CampaignReleases;
import dev.glowletter.delivery.LocalRelease;
import dev.glowletter.delivery.RecipientBounced;
import dev.glowletter.delivery.smtp.SmtpReply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger of campaign copies, the store that hands the workers their next batch
 * (listmonk's {@code DataSource}): a claim takes a batch of a campaign's queued copies
 * (row locks others skip, and a lease a crashed instance's claim runs out of); a record
 * writes what became of each copy of a batch, and the campaign's counters, in one
 * transaction.
 */
@Component
class CampaignLedger {

	private static final Logger log = LoggerFactory.getLogger(CampaignLedger.class);

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final RelayWatch relay;

	private final DeliveryProperties properties;

	private final Clock clock;

	private final Counter sentCounter;

	private final Counter failedCounter;

	private final Counter retriedCounter;

	private final ObjectProvider<CampaignReleases> releases;

	CampaignLedger(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate transactions,
			ApplicationEventPublisher events, RelayWatch relay, DeliveryProperties properties, Clock clock,
			MeterRegistry meters, ObjectProvider<CampaignReleases> releases) {
		this.jdbc = jdbc;
		this.releases = releases;
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = transactions;
		this.events = events;
		this.relay = relay;
		this.properties = properties;
		this.clock = clock;
		this.sentCounter = meters.counter("glowletter.delivery.sent");
		this.failedCounter = meters.counter("glowletter.delivery.failed");
		this.retriedCounter = meters.counter("glowletter.delivery.retried");
		meters.gauge("glowletter.delivery.queue", this, CampaignLedger::queueDepth);
	}

	/** One claimed copy, with what is needed to address it. */
	record Copy(long id, long subscriberId, int attempts, String email, String firstName, int tokenVersion,
			String subscriberStatus, boolean clickTracking) {
	}

	/**
	 * A claim: the campaign and its copies this worker now holds; for a personal edition,
	 * each copy's articles by copy id (empty: every copy carries the campaign's).
	 */
	record Claim(long campaignId, List<Copy> copies, Map<Long, List<Long>> articles) {

		/** The articles of the copy, in order; empty: the campaign's. */
		List<Long> articlesOf(Copy copy) {
			return articles.getOrDefault(copy.id(), List.of());
		}
	}

	/** What became of one copy. */
	enum Outcome {

		SENT, SKIPPED, RETRY, FAILED, RELEASED, DEFERRED

	}

	/** What became of a copy; {@code notBefore} is when a deferred copy's turn comes. */
	record Result(Copy copy, Outcome outcome, String messageId, String error, boolean bounced,
			OffsetDateTime notBefore) {

		Result(Copy copy, Outcome outcome, String messageId, String error, boolean bounced) {
			this(copy, outcome, messageId, error, bounced, null);
		}
	}

	/** The campaigns whose copies may be handed out now. */
	List<Long> activeCampaigns() {
		return jdbc.sql("SELECT campaign_id FROM delivery_campaign WHERE state = 'ACTIVE' ORDER BY campaign_id")
			.query(Long.class)
			.list();
	}

	/**
	 * Claims the next batch of one of these campaigns, or null when none has a copy due.
	 */
	Claim claim(List<Long> active) {
		if (active.isEmpty()) {
			return null;
		}
		List<Long> order = new ArrayList<>(active);
		Collections.rotate(order, (int) (Thread.currentThread().getId() % order.size()));
		for (long campaignId : order) {
			Claim claim = transactions.execute(status -> claim(campaignId));
			if (claim != null) {
				return claim;
			}
		}
		return null;
	}

	private Claim claim(long campaignId) {
		OffsetDateTime now = now();
		List<Long> ids = jdbc.sql("""
				SELECT id FROM delivery
				WHERE campaign_id = :campaign AND status = 'QUEUED' AND next_attempt_at <= :now
				  AND (lease_until IS NULL OR lease_until < :now)
				FETCH FIRST :limit ROWS ONLY
				FOR UPDATE SKIP LOCKED""")
			.param("campaign", campaignId)
			.param("now", now)
			.param("limit", properties.campaignBatch())
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return null;
		}
		jdbc.sql("UPDATE delivery SET lease_until = :until WHERE id IN (:ids)")
			.param("until", now.plus(properties.lease()))
			.param("ids", ids)
			.update();
		List<Copy> copies = jdbc.sql("""
				SELECT d.id, d.subscriber_id, d.attempts, s.email, s.first_name, s.token_version, s.status,
				  s.click_tracking
				FROM delivery d LEFT JOIN subscriber s ON s.id = d.subscriber_id
				WHERE d.id IN (:ids) ORDER BY d.id""")
			.param("ids", ids)
			.query((rs, row) -> new Copy(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getString(5),
					rs.getInt(6), rs.getString(7), rs.getBoolean(8)))
			.list();
		Map<Long, List<Long>> articles = new HashMap<>();
		jdbc.sql("SELECT delivery_id, article_id FROM delivery_copy_article WHERE delivery_id IN (:ids) ORDER BY "
				+ "delivery_id, position")
			.param("ids", ids)
			.query((rs, row) -> articles.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getLong(2)))
			.list();
		return new Claim(campaignId, copies, articles);
	}

	/** What the server's reply means for the copy and its reader. */
	static Result resultOf(Copy copy, String messageId, SmtpReply reply) {
		MDC.put("deliveryId", String.valueOf(copy.id()));
		try {
			String error = reply.text() == null ? null
					: reply.text().length() > 500 ? reply.text().substring(0, 500) : reply.text();
			if (reply.accepted()) {
				return new Result(copy, Outcome.SENT, messageId, null, false);
			}
			if (reply.code() == SmtpReply.NO_REPLY) {
				return new Result(copy, Outcome.RELEASED, null, error, false);
			}
			if (reply.code() == SmtpReply.NOT_MADE) {
				log.error("Delivery {}: {}", copy.id(), error);
				// an address no envelope can carry stays so; a newsletter that could not
				// be made may be made next time
				return new Result(copy, reply.step() == SmtpReply.Step.RCPT ? Outcome.FAILED : Outcome.RETRY, null,
						error, false);
			}
			if (reply.code() >= 500) {
				log.info("Delivery {} to subscriber {} failed for good at {}: {}", copy.id(), copy.subscriberId(),
						reply.step(), error);
				return new Result(copy, Outcome.FAILED, null, error, reply.refusesRecipient());
			}
			log.debug("Delivery {} to subscriber {} deferred at {}: {}", copy.id(), copy.subscriberId(), reply.step(),
					error);
			return new Result(copy, Outcome.RETRY, null, error, false);
		}
		finally {
			MDC.remove("deliveryId");
		}
	}

	/**
	 * Records the batch's outcomes; {@code connectionFailure} says why the connection
	 * failed, when it did.
	 */
	void record(long campaignId, List<Result> results, String connectionFailure) {
		boolean connectionLost = connectionFailure != null;
		OffsetDateTime now = now();
		List<Object[]> sent = new ArrayList<>();
		List<Object[]> skipped = new ArrayList<>();
		List<Object[]> released = new ArrayList<>();
		List<Object[]> deferred = new ArrayList<>();
		List<Object[]> retried = new ArrayList<>();
		List<Object[]> failed = new ArrayList<>();
		List<Result> bounced = new ArrayList<>();
		for (Result r : results) {
			long id = r.copy().id();
			int attempts = r.copy().attempts() + 1;
			switch (r.outcome()) {
				case SENT -> sent.add(new Object[] { now, r.messageId(), id });
				case SKIPPED -> skipped.add(new Object[] { r.error(), id });
				case RELEASED -> released.add(new Object[] { id });
				case DEFERRED -> deferred.add(new Object[] { r.notBefore(), id });
				case RETRY -> {
					if (attempts >= properties.maxAttempts()) {
						failed.add(new Object[] { attempts, r.error(), id });
					}
					else {
						retried.add(new Object[] { attempts, now.plus(properties.backoff(attempts)), r.error(), id });
					}
				}
				case FAILED -> {
					failed.add(new Object[] { attempts, r.error(), id });
					if (r.bounced()) {
						bounced.add(r);
					}
				}
			}
		}
		keepRetriesWithinTheWindow(campaignId, retried);
		recordDurably(results.size(), () -> transactions.executeWithoutResult(status -> {
			jdbcTemplate.batchUpdate(
					"UPDATE delivery SET status = 'SENT', sent_at = ?, message_id = ?, attempts = attempts + 1, "
							+ "lease_until = NULL WHERE id = ?",
					sent);
			jdbcTemplate.batchUpdate(
					"UPDATE delivery SET status = 'SKIPPED', last_error = ?, lease_until = NULL WHERE id = ?", skipped);
			jdbcTemplate.batchUpdate("UPDATE delivery SET lease_until = NULL WHERE id = ?", released);
			jdbcTemplate.batchUpdate("UPDATE delivery SET next_attempt_at = ?, lease_until = NULL WHERE id = ?",
					deferred);
			jdbcTemplate.batchUpdate(
					"UPDATE delivery SET attempts = ?, next_attempt_at = ?, last_error = ?, lease_until = NULL WHERE "
							+ "id = ?",
					retried);
			jdbcTemplate.batchUpdate(
					"UPDATE delivery SET status = 'FAILED', attempts = ?, last_error = ?, lease_until = NULL WHERE "
							+ "id = ?",
					failed);
			jdbc.sql("""
					UPDATE delivery_campaign SET sent = sent + :sent, failed = failed + :failed, skipped =
					skipped + :skipped,
					  retried = retried + :retried, connection_failures = CASE WHEN :lost THEN
					  connection_failures + 1 ELSE 0 END,
					  last_progress_at = CASE WHEN :progress THEN :now ELSE last_progress_at END
					WHERE campaign_id = :id""")
				.param("sent", sent.size())
				.param("failed", failed.size())
				.param("skipped", skipped.size())
				.param("retried", retried.size())
				.param("lost", connectionLost)
				.param("id", campaignId)
				.param("progress", sent.size() + failed.size() + skipped.size() > 0)
				.param("now", now)
				.update();
			bounced.forEach(
					r -> events.publishEvent(new RecipientBounced(r.copy().subscriberId(), campaignId, r.error())));
			if (connectionLost) {
				relay.pauseIfUnreachable(campaignId, connectionFailure);
			}
		}));
		sentCounter.increment(sent.size());
		failedCounter.increment(failed.size());
		retriedCounter.increment(retried.size());
	}

	/**
	 * A campaign with a sending window tries a copy again only while the window is open
	 * in its reader's zone (the zone it was released in): a retry due outside waits for
	 * the next opening, as the first attempt did. Retries are few; a campaign without a
	 * window costs one lookup of its schedule per batch that has some.
	 */
	private void keepRetriesWithinTheWindow(long campaignId, List<Object[]> retried) {
		CampaignReleases local = retried.isEmpty() ? null : releases.getIfAvailable();
		LocalRelease release = local == null ? null : local.localRelease(campaignId).orElse(null);
		if (release == null || release.windowFrom() == null) {
			return;
		}
		Map<Long, String> zones = new HashMap<>();
		jdbc.sql("SELECT d.id, r.time_zone FROM delivery d LEFT JOIN delivery_release r ON r.id = d.release_id "
				+ "WHERE d.id IN (:ids)")
			.param("ids", retried.stream().map(row -> row[3]).toList())
			.query((rs, row) -> Map.entry(rs.getLong(1), Optional.ofNullable(rs.getString(2))))
			.list()
			.forEach(zone -> zones.put(zone.getKey(), zone.getValue().orElse(null)));
		for (Object[] row : retried) {
			Instant next = ((OffsetDateTime) row[1]).toInstant();
			row[1] = release.withinWindow(next, zones.get((Long) row[3])).atOffset(ZoneOffset.UTC);
		}
	}

	/**
	 * Runs the transaction that records a batch, again and again for up to half a lease
	 * while the database refuses it (a lock timeout, a failover): the copies went out,
	 * and a record lost now would send them again when their lease runs out.
	 */
	private void recordDurably(int copies, Runnable transaction) {
		long giveUpAt = System.nanoTime() + properties.lease().dividedBy(2).toNanos();
		long wait = 100;
		while (true) {
			try {
				transaction.run();
				return;
			}
			catch (DataAccessException | TransactionException ex) {
				if (System.nanoTime() + wait * 1_000_000 > giveUpAt) {
					log.error(
							"Could not record the outcome of {} copies; they are sent again when their lease runs out",
							copies, ex);
					throw ex;
				}
				log.warn("Could not record the outcome of {} copies yet ({}); trying again in {} ms", copies,
						ex.getMessage(), wait);
				try {
					Thread.sleep(wait);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
				wait = Math.min(wait * 2, 5_000);
			}
		}
	}

	private double queueDepth() {
		try {
			return jdbc
				.sql("SELECT COALESCE(SUM(recipients - sent - failed - skipped), 0) FROM delivery_campaign WHERE "
						+ "state = 'ACTIVE'")
				.query(Long.class)
				.single();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private OffsetDateTime now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

}
