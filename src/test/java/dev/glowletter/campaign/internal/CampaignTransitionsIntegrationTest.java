package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;

import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.internal.Campaign.Transition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The poller's compare-and-sets move exactly as Campaign's table says, and only when the
 * campaign is due.
 */
class CampaignTransitionsIntegrationTest extends CampaignTestSupport {

	@Autowired
	CampaignTransitions transitions;

	private interface Move {

		boolean make(long id, Instant now);

	}

	/**
	 * How this test makes each move made in SQL: on a campaign that fell due an hour ago.
	 */
	private Map<Transition, Move> moves() {
		return new EnumMap<>(Map.of(Transition.START, (id, now) -> transitions.startIfDue(id, now),
				Transition.HOLD_BACK, (id, now) -> transitions.holdBackIfMissed(id, now, "Missed while down.", now),
				Transition.FINISH, (id, now) -> transitions.finishIfSending(id, now)));
	}

	/** A raw campaign row in the given status, due at the given time. */
	private long campaignIn(CampaignStatus status, Instant dueAt) {
		KeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO campaign (subject, template, status, scheduled_at, time_zone, created_at, updated_at)
				VALUES ('Moves', 'digest', :status, :due, 'UTC', :due, :due)""")
			.param("status", status.name())
			.param("due", dueAt.atOffset(ZoneOffset.UTC))
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	private Instant time(String column, long id) {
		return jdbc.sql("SELECT " + column + " FROM campaign WHERE id = ?")
			.param(id)
			.query(OffsetDateTime.class)
			.single()
			.toInstant();
	}

	private long version(long id) {
		return jdbc.sql("SELECT version FROM campaign WHERE id = ?").param(id).query(Long.class).single();
	}

	@Test
	void everyMoveMadeInSqlIsMadeFromTheStatusesOfCampaignsTableAndFromNoOther() {
		Instant now = clock.instant();
		for (Transition move : Transition.values()) {
			if (!move.compareAndSet()) {
				continue; // CampaignUnitTest checks those on the aggregate
			}
			assertThat(moves()).as("the test knows how to make " + move).containsKey(move);
			for (CampaignStatus from : CampaignStatus.values()) {
				long id = campaignIn(from, now.minus(Duration.ofHours(1)));
				long version = version(id);
				boolean moved = moves().get(move).make(id, now);
				assertThat(moved).as(move + " from " + from).isEqualTo(move.allowsFrom(from));
				assertThat(campaignStatus(id)).as(move + " from " + from).isEqualTo(moved ? move.to() : from);
				assertThat(version(id)).as("a move counts as a change for the admin's optimistic lock")
					.isEqualTo(moved ? version + 1 : version);
				assertThat(moves().get(move).make(id, now)).as(move + " again: the second caller loses").isFalse();
			}
		}
	}

	@Test
	void scheduledCampaignIsNeitherStartedBeforeItsTimeNorHeldBackBeforeItWasMissed() {
		Instant now = clock.instant();
		long later = campaignIn(CampaignStatus.SCHEDULED, now.plus(Duration.ofMinutes(5)));
		assertThat(transitions.startIfDue(later, now)).isFalse();
		long recent = campaignIn(CampaignStatus.SCHEDULED, now.minus(Duration.ofMinutes(5)));
		assertThat(transitions.holdBackIfMissed(recent, now.minus(Duration.ofHours(6)), "Missed.", now)).isFalse();
		assertThat(campaignStatus(later)).isEqualTo(CampaignStatus.SCHEDULED);
		assertThat(campaignStatus(recent)).isEqualTo(CampaignStatus.SCHEDULED);

		assertThat(transitions.startIfDue(recent, now)).isTrue();
		assertThat(time("started_at", recent)).isEqualTo(now);
	}

	@Test
	void campaignHeldBackSaysWhyAndOneFinishedSaysWhen() {
		Instant now = clock.instant();
		long missed = campaignIn(CampaignStatus.SCHEDULED, now.minus(Duration.ofHours(7)));
		assertThat(transitions.holdBackIfMissed(missed, now.minus(Duration.ofHours(6)), "Missed.", now)).isTrue();
		assertThat(
				jdbc.sql("SELECT status_reason FROM campaign WHERE id = ?").param(missed).query(String.class).single())
			.isEqualTo("Missed.");
		long sending = campaignIn(CampaignStatus.SENDING, now.minus(Duration.ofHours(1)));
		assertThat(transitions.finishIfSending(sending, now)).isTrue();
		assertThat(time("finished_at", sending)).isEqualTo(now);
	}

}
