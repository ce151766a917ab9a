package dev.glowletter.engagement.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.glowletter.delivery.TrackedLinks.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records clicks a fraction of a second after they happen, in one batch insert per flush,
 * so that the redirect waits for no database write. What a crash loses is bounded by the
 * flush interval ({@value #FLUSH_MILLIS} ms of clicks); a clean shutdown writes what is
 * pending.
 *
 * <p>
 * A click is a machine's when it is a HEAD request (link checkers), or comes with no user
 * agent or one of a security scanner, crawler or HTTP library; the reports also leave out
 * the clicks of a copy on two different links within {@link Clicks#BURST_SECONDS} seconds
 * (a scanner follows every link of a message at once).
 */
@Component
class ClickRecorder {

	private static final Logger log = LoggerFactory.getLogger(ClickRecorder.class);

	static final long FLUSH_MILLIS = 200;

	/**
	 * User agents of scanners, crawlers and HTTP libraries, not of a reader's browser.
	 */
	private static final Pattern MACHINE_AGENT = Pattern
		.compile("bot\\b|bot/|crawler|spider|scanner|preview|proofpoint|mimecast|barracuda|safelinks|safe links"
				+ "|microsoft office|ms-office|google-safety|slurp|headless|python-|curl/|wget/|go-http-client"
				+ "|java/|okhttp|libwww|httpclient|axios|node-fetch|wrk");

	/**
	 * Clicks of copies that are there and whose readers let them be tracked: the redirect
	 * answered from the link alone, so the copy (erased with its reader meanwhile, never
	 * sent) and the reader's "don't track my clicks" are checked here.
	 */
	private final Pending clicks = new Pending("clicks",
			rows -> """
					INSERT INTO click (delivery_id, campaign_id, subscriber_id, article_id, clicked_at, machine_reason)
					SELECT d.id, d.campaign_id, d.subscriber_id, v.article_id, v.clicked_at, v.machine_reason
					FROM (VALUES %s) AS v (delivery_id, article_id, clicked_at, machine_reason, n)
					JOIN delivery d ON d.id = v.delivery_id AND d.status IN ('SENT', 'QUEUED')
					JOIN subscriber s ON s.id = d.subscriber_id AND s.click_tracking
					ORDER BY v.n""".formatted(IntStream.range(0, rows)
				.mapToObj(n -> "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE), "
						+ "CAST(? AS VARCHAR(40)), " + n + ")")
				.collect(Collectors.joining(", "))));

	private final Pending opens = new Pending("opens",
			rows -> "INSERT INTO copy_open (delivery_id, campaign_id, subscriber_id, opened_at) VALUES "
					+ String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?)")));

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	/** When a dropped click was last logged: once a minute at most. */
	private volatile long droppedLoggedAt;

	private final Clock clock;

	private final EngagementProperties properties;

	private final Counter readerClicks;

	private final Counter machineClicks;

	private final Counter dropped;

	ClickRecorder(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, EngagementProperties properties,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.properties = properties;
		this.readerClicks = meters.counter("glowletter.clicks", "by", "reader");
		this.machineClicks = meters.counter("glowletter.clicks", "by", "machine");
		this.dropped = meters.counter("glowletter.clicks.dropped");
	}

	/** Why a request is a machine's, or null for a reader's. */
	static String machineReason(String method, String userAgent) {
		if ("HEAD".equals(method)) {
			return "HEAD request";
		}
		if (userAgent == null || userAgent.isBlank()) {
			return "no user agent";
		}
		if (MACHINE_AGENT.matcher(userAgent.toLowerCase(Locale.ROOT)).find()) {
			return "scanner or crawler";
		}
		return null;
	}

	/** Queues the click for the next batch. */
	void record(Target target, String method, String userAgent) {
		String reason = machineReason(method, userAgent);
		(reason == null ? readerClicks : machineClicks).increment();
		clicks.add(
				new Object[] { target.copyId(), target.articleId(), clock.instant().atOffset(ZoneOffset.UTC), reason });
	}

	/** Queues an open of the copy (its pixel loaded) for the next batch. */
	void recordOpen(Target copy) {
		opens.add(new Object[] { copy.copyId(), copy.campaignId(), copy.subscriberId(),
				clock.instant().atOffset(ZoneOffset.UTC) });
	}

	/**
	 * Writes the pending clicks and opens, a batch insert in one transaction per
	 * {@value #BATCH} rows; returns how many were written.
	 */
	// synchronized: a flush called while the scheduled one writes returns once that is
	// written too (a clean shutdown, a test)
	@Scheduled(fixedDelay = FLUSH_MILLIS, initialDelay = FLUSH_MILLIS)
	synchronized int flush() {
		return clicks.flush() + opens.flush();
	}

	/** Rows written per transaction. */
	static final int BATCH = 5000;

	/**
	 * Rows per insert statement: one statement of many rows costs the database a fraction
	 * of as many one-row statements, even batched (a third on PostgreSQL).
	 */
	static final int ROWS_PER_INSERT = 500;

	/** Rows waiting for their batch insert, at most {@code pendingClicks} of them. */
	private final class Pending {

		private final Queue<Object[]> rows = new ConcurrentLinkedQueue<>();

		private final AtomicInteger size = new AtomicInteger();

		private final String what;

		/** The statement that inserts so many rows. */
		private final IntFunction<String> insert;

		/** The statement of a full insert, made once. */
		private final String full;

		Pending(String what, IntFunction<String> insert) {
			this.what = what;
			this.insert = insert;
			this.full = insert.apply(ROWS_PER_INSERT);
		}

		private String insert(int rows) {
			return rows == ROWS_PER_INSERT ? full : insert.apply(rows);
		}

		void add(Object[] row) {
			if (size.incrementAndGet() > properties.pendingClicks()) {
				size.decrementAndGet();
				dropped.increment();
				long now = System.nanoTime();
				if (now - droppedLoggedAt > 60_000_000_000L) {
					droppedLoggedAt = now;
					log.warn("{} {} wait for the database: further ones are not recorded", properties.pendingClicks(),
							what);
				}
				return;
			}
			rows.add(row);
		}

		int flush() {
			int written = 0;
			while (true) {
				List<Object[]> batch = new ArrayList<>();
				Object[] row;
				while (batch.size() < BATCH && (row = rows.poll()) != null) {
					size.decrementAndGet();
					batch.add(row);
				}
				if (batch.isEmpty()) {
					return written;
				}
				written += write(batch);
			}
		}

		private int write(List<Object[]> batch) {
			try {
				return transactions.execute(status -> {
					int written = 0;
					for (int from = 0; from < batch.size(); from += ROWS_PER_INSERT) {
						List<Object[]> rows = batch.subList(from, Math.min(batch.size(), from + ROWS_PER_INSERT));
						written += jdbc.update(insert(rows.size()), rows.stream().flatMap(Arrays::stream).toArray());
					}
					return written;
				});
			}
			catch (DataAccessException failed) {
				// a reader erased meanwhile fails the batch: one row at a time
				int written = 0;
				for (Object[] one : batch) {
					try {
						written += jdbc.update(insert(1), one);
					}
					catch (DataAccessException gone) {
						log.debug("One of the {} was not recorded: {}", what, gone.getMessage());
					}
				}
				return written;
			}
		}

	}

	@PreDestroy
	void flushOnShutdown() {
		flush();
	}

	/** Deletes the clicks and opens older than the retention; returns how many went. */
	@Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.HOURS)
	int purge() {
		Instant cutoff = clock.instant().minus(properties.clickRetention());
		int purged = jdbc.update("DELETE FROM click WHERE clicked_at < ?", cutoff.atOffset(ZoneOffset.UTC))
				+ jdbc.update("DELETE FROM copy_open WHERE opened_at < ?", cutoff.atOffset(ZoneOffset.UTC));
		if (purged > 0) {
			log.info("Purged {} click(s) and open(s) older than {}", purged, properties.clickRetention());
		}
		return purged;
	}

}
