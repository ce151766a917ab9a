package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DigestCronUnitTest {

	@Test
	void fiveFieldsAreReadAsCrontab() {
		DigestCron mondays = DigestCron.of("0 9 * * MON", "Europe/Paris");
		// Wednesday 25 November 2026 → Monday 30 November, 09:00 in Paris = 08:00 UTC
		assertThat(mondays.next(Instant.parse("2026-11-25T12:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
	}

	@Test
	void localTimeStaysAcrossDaylightSavingChange() {
		DigestCron daily = DigestCron.of("0 9 * * *", "Europe/Paris");
		// Paris moves from UTC+2 to UTC+1 on 25 October 2026
		assertThat(daily.nextRuns(Instant.parse("2026-10-24T00:00:00Z"), 2))
			.containsExactly(Instant.parse("2026-10-24T07:00:00Z"), Instant.parse("2026-10-25T08:00:00Z"));
	}

	@Test
	void invalidCronSaysTheExpectedFormat() {
		assertThatThrownBy(() -> DigestCron.parse("every monday"))
			.hasMessageContaining("minute hour day-of-month month day-of-week");
		assertThatThrownBy(() -> DigestCron.parse("61 9 * * MON")).hasMessageContaining("not a valid cron expression");
	}

	@Test
	void localTimeThatHappensTwiceRunsOnce() {
		DigestCron daily = DigestCron.of("30 2 * * *", "Europe/Paris");
		// 25 October 2026: 02:30 CEST (00:30 UTC), then clocks go back and 02:30 CET
		// (01:30 UTC) comes again
		assertThat(daily.nextRuns(Instant.parse("2026-10-24T12:00:00Z"), 2))
			.containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
	}

	@Test
	void localTimeThatDoesNotExistRunsOnceThatDay() {
		DigestCron daily = DigestCron.of("30 2 * * *", "Europe/Paris");
		// 29 March 2026: clocks jump from 02:00 to 03:00, so 02:30 does not exist that
		// day
		// 02:30 does not exist on 29 March: it runs right after the jump, at 03:30 CEST
		// (01:30 UTC)
		assertThat(daily.nextRuns(Instant.parse("2026-03-28T12:00:00Z"), 2))
			.containsExactly(Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
	}

	@Test
	void aScheduleAWeekApartIsWeeklyEvenAcrossADaylightSavingChange() {
		// Paris moves from UTC+2 to UTC+1 on 25 October 2026: one gap is 169 hours
		assertThat(DigestCron.of("0 9 * * MON", "Europe/Paris").cadence(Instant.parse("2026-10-10T00:00:00Z")))
			.isEqualTo("WEEKLY");
	}

	@Test
	void aScheduleAMonthApartIsMonthlyAndTheFirstMondayToo() {
		Instant now = Instant.parse("2026-01-15T00:00:00Z");
		assertThat(DigestCron.of("30 8 1 * *", "UTC").cadence(now)).isEqualTo("MONTHLY");
		// Spring reads day-of-month and day-of-week together: the first Monday of each
		// month
		assertThat(DigestCron.of("0 9 1-7 * MON", "UTC").cadence(now)).isEqualTo("MONTHLY");
	}

	@Test
	void aDailyOrTwiceAWeekScheduleHasNoCadence() {
		Instant now = Instant.parse("2026-01-15T00:00:00Z");
		assertThat(DigestCron.of("0 9 * * *", "UTC").cadence(now)).isNull();
		assertThat(DigestCron.of("0 9 * * MON,THU", "UTC").cadence(now)).isNull();
	}

}
