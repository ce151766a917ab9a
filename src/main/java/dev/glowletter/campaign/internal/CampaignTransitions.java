package dev.glowletter.campaign.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.glowletter.campaign.CampaignFinished;
import dev.glowletter.campaign.CampaignPaused;
import dev.glowletter.campaign.CampaignStarted;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.internal.Campaign.Transition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The moves of {@link Campaign}'s table that several instances race for, each a
 * compare-and-set in SQL that exactly one of them wins. Each statement is built from its
 * {@link Transition}, so it moves from the statuses the table allows and to the status it
 * names; this is the only SQL that writes {@code campaign.status}.
 */
@Component
class CampaignTransitions {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	CampaignTransitions(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
	}

	/** A scheduled campaign whose time has come. */
	record Due(long id, Instant scheduledAt) {
	}

	/** The scheduled campaigns to START (or HOLD_BACK) now, the earliest first. */
	List<Due> due(Instant now) {
		return jdbc.sql("""
				SELECT id, scheduled_at FROM campaign WHERE status = :status AND scheduled_at <= :now
				ORDER BY scheduled_at""")
			.param("status", CampaignStatus.SCHEDULED.name())
			.param("now", utc(now))
			.query((rs, row) -> new Due(rs.getLong("id"),
					rs.getObject("scheduled_at", OffsetDateTime.class).toInstant()))
			.list();
	}

	/** The campaigns sending now: to watch, and to FINISH once their copies are gone. */
	List<Long> sending() {
		return jdbc.sql("SELECT id FROM campaign WHERE status = :status")
			.param("status", CampaignStatus.SENDING.name())
			.query(Long.class)
			.list();
	}

	/**
	 * START: the campaign is sending if it is still scheduled, for now or earlier; true
	 * for the one caller that won it.
	 */
	boolean startIfDue(long id, Instant now) {
		return move(Transition.START, id, now, "started_at = :now", "scheduled_at <= :now", Map.of(),
				new CampaignStarted(id, now));
	}

	/**
	 * HOLD_BACK: a scheduled campaign that fell due before {@code missedBefore} (the
	 * service was down) is paused with the reason instead of sent late; true for the one
	 * caller that won it.
	 */
	boolean holdBackIfMissed(long id, Instant missedBefore, String reason, Instant now) {
		return move(Transition.HOLD_BACK, id, now, "status_reason = :reason", "scheduled_at < :missedBefore",
				Map.of("reason", reason, "missedBefore", utc(missedBefore)), new CampaignPaused(id, reason, now));
	}

	/**
	 * FINISH: the campaign is sent if it was sending; true for the one caller that won
	 * it.
	 */
	boolean finishIfSending(long id, Instant now) {
		return move(Transition.FINISH, id, now, "finished_at = :now", null, Map.of(), new CampaignFinished(id, now));
	}

	/**
	 * Sets {@code set} too, if the campaign also meets {@code condition} (when there is
	 * one); the winner publishes {@code event} in the transaction of the move, so that
	 * what listeners write (the webhooks' deliveries) commits with it.
	 */
	private boolean move(Transition transition, long id, Instant now, String set, String condition,
			Map<String, Object> params, Object event) {
		if (!transition.compareAndSet()) {
			throw new IllegalStateException(transition + " is made by Campaign itself, not in SQL");
		}
		// version moves too, so that an admin's change loaded before this one is refused
		// as changed meanwhile
		return Boolean.TRUE.equals(transactions.execute(status -> {
			boolean won = jdbc
				.sql("UPDATE campaign SET status = :to, " + set + ", updated_at = :now, version = version + 1"
						+ " WHERE id = :id AND status IN (:from)" + (condition == null ? "" : " AND " + condition))
				.param("to", transition.to().name())
				.param("from", statuses(transition))
				.param("id", id)
				.param("now", utc(now))
				.params(params)
				.update() == 1;
			if (won) {
				events.publishEvent(event);
			}
			return won;
		}));
	}

	private static List<String> statuses(Transition transition) {
		return transition.from().stream().map(Enum::name).sorted().toList();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
