package dev.glowletter.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.delivery.internal.RelayWatch;
import dev.glowletter.delivery.internal.SendingActivity;
import dev.glowletter.delivery.internal.WorkerWakeUps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery engine's facade: it takes a campaign that has started, queues one copy per
 * confirmed reader it is for ({@link CampaignAudiences}) in its ledger (one set-based
 * statement per chunk of readers, unique per campaign and reader), and lets the workers
 * send them. Pausing, resuming, cancelling and retrying act on the ledger.
 */
@Service
public class CampaignDeliveries {

	private static final Logger log = LoggerFactory.getLogger(CampaignDeliveries.class);

	/** Why a reader of a personal edition got no copy. */
	public static final String NOTHING_NEW = "nothing new: the reader has received every article of this edition "
			+ "meant for them";

	private final JdbcClient jdbc;

	private final WorkerWakeUps wakeUps;

	private final RelayWatch relay;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final SendingActivity activity;

	private final ObjectProvider<CampaignAudiences> audiences;

	private final ObjectProvider<CampaignContents> contents;

	private final ObjectProvider<CampaignReleases> releases;

	CampaignDeliveries(JdbcClient jdbc, WorkerWakeUps wakeUps, RelayWatch relay, Clock clock,
			TransactionTemplate transactions, SendingActivity activity, ObjectProvider<CampaignAudiences> audiences,
			ObjectProvider<CampaignContents> contents, ObjectProvider<CampaignReleases> releases) {
		this.jdbc = jdbc;
		this.contents = contents;
		this.releases = releases;
		this.audiences = audiences;
		this.activity = activity;
		this.transactions = transactions;
		this.wakeUps = wakeUps;
		this.relay = relay;
		this.clock = clock;
	}

	/**
	 * Whether this instance is sending a campaign right now: its workers claimed copies,
	 * or it queued some, in the last three seconds.
	 */
	public boolean sendingNow() {
		return activity.recently();
	}

	/** Readers queued per transaction: memory stays flat however long the list is. */
	static final int FILL_CHUNK = 50_000;

	/**
	 * Queues the campaign for every confirmed reader, in chunks of readers by id, one
	 * transaction each, and lets the workers start on the first chunk while the next is
	 * filled. How far it got is stored with each chunk, so calling it again (after a
	 * crash, or from another instance) goes on where it stopped and queues nobody twice.
	 * Returns how many copies this call queued.
	 */
	public int start(long campaignId) {
		CampaignContents content = contents.getIfAvailable();
		int personal = content == null ? 0 : content.personalArticles(campaignId);
		List<Long> articles = content == null ? List.of() : content.articleIds(campaignId);
		try {
			transactions.executeWithoutResult(status -> {
				int started = jdbc.sql("""
						INSERT INTO delivery_campaign (campaign_id, state, queued_at)
						SELECT :id, 'ACTIVE', :now FROM (VALUES (1)) AS one(x)
						WHERE NOT EXISTS (SELECT 1 FROM delivery_campaign WHERE campaign_id = :id)""")
					.param("id", campaignId)
					.param("now", now())
					.update();
				if (started > 0) {
					// the article ledger's side of each copy: what it carries
					for (long article : new LinkedHashSet<>(articles)) {
						jdbc.sql("INSERT INTO delivery_campaign_article (article_id, campaign_id, every_copy) "
								+ "VALUES (?, ?, ?)")
							.params(article, campaignId, personal == 0)
							.update();
					}
				}
				jdbc.sql("""
						INSERT INTO delivery_fill (campaign_id, filled_up_to)
						SELECT :id, 0 FROM (VALUES (1)) AS one(x)
						WHERE NOT EXISTS (SELECT 1 FROM delivery_fill WHERE campaign_id = :id)""")
					.param("id", campaignId)
					.update();
			});
		}
		catch (DuplicateKeyException raced) {
			// another instance inserted the rows in the same instant; the insert failed
			// once that committed: fill on with it
		}
		long last = jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM subscriber").query(Long.class).single();
		int queued = 0;
		Integer chunk;
		activity.sending();
		// a personal edition's articles are also chosen by each reader's topics
		CampaignAudiences audience = audiences.getIfAvailable();
		ReaderCondition forReader = personal == 0 || audience == null ? ReaderCondition.EVERYONE
				: audience.articleForReader(articles, "d.subscriber_id", "ca.article_id");
		while ((chunk = transactions.execute(status -> fillNextChunk(campaignId, last, personal, forReader))) != null) {
			queued += chunk;
			activity.sending();
			wakeUps.wakeUp();
		}
		log.info("Campaign {}: queued {} cop{}", campaignId, queued, queued == 1 ? "y" : "ies");
		return queued;
	}

	/**
	 * Queues the next chunk of readers, for a personal edition each with the newest
	 * {@code personal} of its articles they have not received; null when the queue is
	 * complete.
	 */
	private Integer fillNextChunk(long campaignId, long lastSubscriberId, int personal, ReaderCondition forReader) {
		// the row lock makes fillers take turns: each chunk is queued once
		long from = jdbc.sql("SELECT filled_up_to FROM delivery_fill WHERE campaign_id = ? FOR UPDATE")
			.param(campaignId)
			.query(Long.class)
			.single();
		// written only under that lock, so read after it is final
		if (isFilled(campaignId)) {
			return null;
		}
		long to = from + FILL_CHUNK;
		// The one place the engine reads the subscription module's table: filling a queue
		// of a million readers must be a few set-based statements, not a million calls.
		// The status is wrapped so that H2 reads the chunk's id range, not every
		// confirmed
		// reader by the status index for each chunk (which made a million-reader fill
		// quadratic). A reader who paused the newsletter is not queued; who the campaign
		// is for is the audience module's condition.
		CampaignAudiences audience = audiences.getIfAvailable();
		ReaderCondition condition = audience == null ? ReaderCondition.EVERYONE : audience.readerCondition(campaignId);
		// at a local time, each copy waits for its reader's zone (as it is now, at the
		// fill)
		CampaignReleases local = releases.getIfAvailable();
		LocalRelease release = local == null ? null : local.localRelease(campaignId).orElse(null);
		String zoneJoin = "";
		if (release != null) {
			releaseZones(campaignId, release, from, to);
			zoneJoin = " LEFT JOIN delivery_release r ON r.campaign_id = :id AND r.time_zone = "
					+ "COALESCE(s.time_zone, :listZone)";
		}
		int queued = jdbc
			.sql("""
					INSERT INTO delivery (campaign_id, subscriber_id, status, attempts, next_attempt_at, release_id)
					SELECT :id, s.id, 'QUEUED', 0, """
					+ (release == null ? ":now, NULL" : "COALESCE(r.release_at, :now), r.id") + " FROM subscriber s"
					+ zoneJoin + """
								 WHERE s.id > :from AND s.id <= :to AND COALESCE(s.status, '') = 'CONFIRMED'
							AND (s.paused_until IS NULL OR s.paused_until <= :now) AND\s""" + condition.sql())
			.params(condition.parameters())
			.params(release == null ? Map.of() : Map.of("listZone", release.listZone().getId()))
			.param("id", campaignId)
			.param("now", now())
			.param("from", from)
			.param("to", to)
			.update();
		int skipped = personal > 0 ? chooseArticles(campaignId, from, to, personal, forReader) : 0;
		jdbc.sql("UPDATE delivery_fill SET filled_up_to = :to WHERE campaign_id = :id")
			.param("to", to)
			.param("id", campaignId)
			.update();
		// last, so that the workers' counter updates wait only for the commit
		jdbc.sql("UPDATE delivery_campaign SET fill_complete = :complete, recipients = recipients + :n, skipped = "
				+ "skipped + :skipped WHERE campaign_id = :id")
			.param("complete", to >= lastSubscriberId)
			.param("n", queued)
			.param("skipped", skipped)
			.param("id", campaignId)
			.update();
		return queued;
	}

	/**
	 * Gives each copy of the chunk of a personal edition the newest of the campaign's
	 * articles (by their position) that its reader has not received and that are for them
	 * by their topics, up to {@code max}, in one statement; a copy left with none is
	 * skipped with {@link #NOTHING_NEW}. Returns how many were skipped.
	 */
	private int chooseArticles(long campaignId, long from, long to, int max, ReaderCondition forReader) {
		jdbc.sql("""
				INSERT INTO delivery_copy_article (delivery_id, position, article_id)
				SELECT r.delivery_id, r.n, r.article_id FROM (
				  SELECT d.id AS delivery_id, ca.article_id,
				    ROW_NUMBER() OVER (PARTITION BY d.id ORDER BY ca.position) AS n
				  FROM delivery d JOIN campaign_article ca ON ca.campaign_id = d.campaign_id
				  WHERE d.campaign_id = :id AND d.subscriber_id > :from AND d.subscriber_id <= :to
				    AND d.status = 'QUEUED' AND\s""" + forReader.sql() + " AND NOT "
				+ SentArticles.RECEIVED.formatted("d.subscriber_id", "ca.article_id") + ") r WHERE r.n <= :max")
			.params(forReader.parameters())
			.param("id", campaignId)
			.param("from", from)
			.param("to", to)
			.param("max", max)
			.update();
		return jdbc.sql("""
				UPDATE delivery SET status = 'SKIPPED', last_error = :reason
				WHERE campaign_id = :id AND subscriber_id > :from AND subscriber_id <= :to AND status = 'QUEUED'
				  AND NOT EXISTS (SELECT 1 FROM delivery_copy_article c WHERE c.delivery_id = delivery.id)""")
			.param("reason", NOTHING_NEW)
			.param("id", campaignId)
			.param("from", from)
			.param("to", to)
			.update();
	}

	/**
	 * Gives each zone of the chunk's readers that has none yet its release time: a few
	 * hundred zones at most, computed here, then joined by the set-based fill.
	 */
	private void releaseZones(long campaignId, LocalRelease release, long from, long to) {
		String listZone = release.listZone().getId();
		List<String> zones = jdbc.sql("""
				SELECT DISTINCT COALESCE(s.time_zone, :listZone) FROM subscriber s
				WHERE s.id > :from AND s.id <= :to AND COALESCE(s.status, '') = 'CONFIRMED'
				AND NOT EXISTS (SELECT 1 FROM delivery_release r WHERE r.campaign_id = :id
				                AND r.time_zone = COALESCE(s.time_zone, :listZone))""")
			.param("listZone", listZone)
			.param("from", from)
			.param("to", to)
			.param("id", campaignId)
			.query(String.class)
			.list();
		for (String zone : zones) {
			jdbc.sql("INSERT INTO delivery_release (campaign_id, time_zone, release_at) VALUES (?, ?, ?)")
				.params(campaignId, zone, release.releaseAt(zone).atOffset(ZoneOffset.UTC))
				.update();
		}
	}

	/** One zone's readers of a campaign sent at a local time, and how far they got. */
	public record ZoneWave(String zone, Instant releaseAt, int queued, int sent, int failed, int skipped) {
	}

	/**
	 * A campaign sent at a local time: its zones in the order they go, with their copies;
	 * empty for a campaign sent to everyone at once.
	 */
	@Transactional(readOnly = true)
	public List<ZoneWave> zoneWaves(long campaignId) {
		Map<String, ZoneWave> waves = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT r.time_zone, r.release_at, d.status, COUNT(d.id) AS copies
				FROM delivery_release r LEFT JOIN delivery d ON d.campaign_id = r.campaign_id AND d.release_id = r.id
				WHERE r.campaign_id = ?
				GROUP BY r.time_zone, r.release_at, d.status ORDER BY r.release_at, r.time_zone""")
			.param(campaignId)
			.query(rs -> {
				String zone = rs.getString("time_zone");
				String status = rs.getString("status");
				int n = rs.getInt("copies");
				ZoneWave w = waves.getOrDefault(zone,
						new ZoneWave(zone, rs.getObject("release_at", OffsetDateTime.class).toInstant(), 0, 0, 0, 0));
				waves.put(zone, new ZoneWave(zone, w.releaseAt(), w.queued() + ("QUEUED".equals(status) ? n : 0),
						w.sent() + ("SENT".equals(status) ? n : 0), w.failed() + ("FAILED".equals(status) ? n : 0),
						w.skipped() + ("SKIPPED".equals(status) ? n : 0)));
			});
		return List.copyOf(waves.values());
	}

	/**
	 * Stops handing out the campaign's copies; those being sent right now still finish.
	 */
	@Transactional
	public void pause(long campaignId, String reason) {
		jdbc.sql("UPDATE delivery_campaign SET state = 'PAUSED', state_reason = :reason, paused_by = 'ADMIN' WHERE "
				+ "campaign_id = :id AND state IN ('ACTIVE', 'PAUSED')")
			.param("reason", reason)
			.param("id", campaignId)
			.update();
	}

	@Transactional
	public void resume(long campaignId) {
		jdbc.sql("UPDATE delivery_campaign SET state = 'ACTIVE', state_reason = NULL, paused_by = NULL, "
				+ "connection_failures = 0 WHERE campaign_id = :id AND state = 'PAUSED'")
			.param("id", campaignId)
			.update();
		wakeWorkersAfterCommit();
	}

	@Transactional
	public void cancel(long campaignId) {
		// paused_by names who paused a PAUSED delivery only, as the table on campaign's
		// Campaign says
		jdbc.sql("UPDATE delivery_campaign SET state = 'CANCELLED', paused_by = NULL WHERE campaign_id = ?")
			.param(campaignId)
			.update();
	}

	/** Queues again the copies that failed for good; returns how many. */
	@Transactional
	public int retryFailed(long campaignId) {
		int again = jdbc.sql("""
				UPDATE delivery SET status = 'QUEUED', attempts = 0, next_attempt_at = :now, lease_until =
				NULL, last_error = NULL
				WHERE campaign_id = :id AND status = 'FAILED'""").param("now", now()).param("id", campaignId).update();
		jdbc.sql("UPDATE delivery_campaign SET failed = failed - :n WHERE campaign_id = :id")
			.param("n", again)
			.param("id", campaignId)
			.update();
		wakeWorkersAfterCommit();
		return again;
	}

	@Transactional(readOnly = true)
	public DeliveryProgress progress(long campaignId) {
		DeliveryProgress progress = counters(campaignId);
		OffsetDateTime now = now();
		List<Optional<OffsetDateTime>> released = jdbc.sql("""
				SELECT MAX(CASE WHEN release_at <= :now THEN release_at END) AS released FROM delivery_release
				WHERE campaign_id = :id HAVING COUNT(*) > 0""")
			.param("now", now)
			.param("id", campaignId)
			.query((rs, row) -> Optional.ofNullable(rs.getObject("released", OffsetDateTime.class)))
			.list();
		if (released.isEmpty()) {
			return progress; // sent to everyone at once
		}
		// the claim index's order: the first queued copy by its due time
		OffsetDateTime due = jdbc
			.sql("SELECT MIN(next_attempt_at) AS due FROM delivery WHERE campaign_id = ? AND status = 'QUEUED'")
			.param(campaignId)
			.query((rs, row) -> rs.getObject("due", OffsetDateTime.class))
			.list()
			.get(0);
		return new DeliveryProgress(progress.recipients(), progress.sent(), progress.failed(), progress.skipped(),
				progress.queued(), progress.retried(), progress.state(), progress.stateReason(),
				progress.lastProgressAt(), progress.queuedAt(), progress.filling(),
				released.get(0).map(OffsetDateTime::toInstant).orElse(null),
				due == null || !due.isAfter(now) ? null : due.toInstant());
	}

	/**
	 * Why the campaign's skipped copies were skipped (nothing new for the reader of a
	 * personal edition, the reader unsubscribed meanwhile, ...), most frequent first,
	 * with how many each.
	 */
	@Transactional(readOnly = true)
	public Map<String, Integer> skipReasons(long campaignId) {
		Map<String, Integer> reasons = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT COALESCE(last_error, 'not recorded') AS reason, COUNT(*) AS n FROM delivery
				WHERE campaign_id = ? AND status = 'SKIPPED'
				GROUP BY COALESCE(last_error, 'not recorded') ORDER BY n DESC, reason""")
			.param(campaignId)
			.query((rs, row) -> Map.entry(rs.getString("reason"), rs.getInt("n")))
			.list()
			.forEach(reason -> reasons.put(reason.getKey(), reason.getValue()));
		return reasons;
	}

	private DeliveryProgress counters(long campaignId) {
		return jdbc
			.sql("SELECT recipients, sent, failed, skipped, retried, state, state_reason, last_progress_at, "
					+ "queued_at, fill_complete FROM delivery_campaign WHERE campaign_id = ?")
			.param(campaignId)
			.query((rs, row) -> {
				int recipients = rs.getInt("recipients");
				int sent = rs.getInt("sent");
				int failed = rs.getInt("failed");
				int skipped = rs.getInt("skipped");
				OffsetDateTime last = rs.getObject("last_progress_at", OffsetDateTime.class);
				return new DeliveryProgress(recipients, sent, failed, skipped,
						Math.max(0, recipients - sent - failed - skipped), rs.getInt("retried"), rs.getString("state"),
						rs.getString("state_reason"), last == null ? null : last.toInstant(),
						rs.getObject("queued_at", OffsetDateTime.class).toInstant(), !rs.getBoolean("fill_complete"));
			})
			.optional()
			.orElse(DeliveryProgress.NONE);
	}

	/**
	 * True when the queue is filled and none of the campaign's copies is queued or being
	 * sent.
	 */
	@Transactional(readOnly = true)
	public boolean isComplete(long campaignId) {
		return isFilled(campaignId) && jdbc
			.sql("SELECT COUNT(*) FROM (SELECT 1 FROM delivery WHERE campaign_id = :id AND status = 'QUEUED' FETCH "
					+ "FIRST 1 ROWS ONLY) AS q")
			.param("id", campaignId)
			.query(Integer.class)
			.single() == 0;
	}

	private boolean isFilled(long campaignId) {
		return jdbc.sql("SELECT COUNT(*) FROM delivery_campaign WHERE campaign_id = :id AND fill_complete = TRUE")
			.param("id", campaignId)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Tries the SMTP relay now and resumes the campaigns the engine paused because it was
	 * unreachable (this also happens by itself every
	 * {@code glowletter.delivery.relay-probe-interval}).
	 * @return the campaigns resumed
	 */
	public List<Long> probeRelay() {
		return relay.resumeWhenRelayIsBack();
	}

	/** One copy's record in the ledger, for the delivery log. */
	public record DeliveryRecord(long subscriberId, String status, int attempts, Instant sentAt, String messageId,
			String lastError) {
	}

	/** The copies that failed, with the SMTP reply, newest first. */
	@Transactional(readOnly = true)
	public List<DeliveryRecord> failures(long campaignId, int limit) {
		return jdbc
			.sql("SELECT subscriber_id, status, attempts, sent_at, message_id, last_error FROM delivery WHERE "
					+ "campaign_id = :id AND status = 'FAILED' ORDER BY id DESC FETCH FIRST :n ROWS ONLY")
			.param("id", campaignId)
			.param("n", limit)
			.query((rs, row) -> {
				OffsetDateTime sentAt = rs.getObject("sent_at", OffsetDateTime.class);
				return new DeliveryRecord(rs.getLong("subscriber_id"), rs.getString("status"), rs.getInt("attempts"),
						sentAt == null ? null : sentAt.toInstant(), rs.getString("message_id"),
						rs.getString("last_error"));
			})
			.list();
	}

	/**
	 * The campaign whose copy went to the reader last, at or before the given time: what
	 * a provider's bounce without a VERP address is about, most likely.
	 */
	@Transactional(readOnly = true)
	public Optional<Long> lastCampaignSentTo(long subscriberId, Instant atOrBefore) {
		return jdbc.sql(
				"SELECT campaign_id FROM delivery WHERE subscriber_id = :reader AND status = 'SENT' AND sent_at <= :at "
						+ "ORDER BY sent_at DESC FETCH FIRST 1 ROWS ONLY")
			.param("reader", subscriberId)
			.param("at", atOrBefore.atOffset(ZoneOffset.UTC))
			.query(Long.class)
			.optional();
	}

	private void wakeWorkersAfterCommit() {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				wakeUps.wakeUp();
			}
		});
	}

	private OffsetDateTime now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

}
