package dev.glowletter.campaign.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.glowletter.campaign.InvalidCampaign;
import dev.glowletter.delivery.LocalRelease;
import org.springframework.scheduling.support.CronExpression;

/**
 * A digest's schedule: a cron expression read in a time zone, so that "every Monday at
 * 09:00 Europe/Paris" stays 09:00 in Paris across daylight-saving changes. Five fields as
 * in crontab (minute hour day-of-month month day-of-week), or six with seconds first.
 */
public record DigestCron(CronExpression expression, ZoneId zone) {

	static final String FORMAT = "Use five fields: minute hour day-of-month month day-of-week, e.g. \"0 9 * * MON\" "
			+ "for every Monday at 09:00.";

	/**
	 * @throws IllegalArgumentException with a message saying the expected format
	 */
	public static CronExpression parse(String cron) {
		if (cron == null || cron.isBlank()) {
			throw new IllegalArgumentException("The cron expression is missing. " + FORMAT);
		}
		String[] fields = cron.strip().split("\\s+");
		if (fields.length != 5 && fields.length != 6) {
			throw new IllegalArgumentException(
					InvalidCampaign.quoted(cron) + " has " + fields.length + " fields. " + FORMAT);
		}
		try {
			return CronExpression
				.parse(fields.length == 5 ? "0 " + String.join(" ", fields) : String.join(" ", fields));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(InvalidCampaign.quoted(cron)
					+ " is not a valid cron expression: a field is out of range or misspelled. " + FORMAT);
		}
	}

	public static DigestCron of(String cron, String zone) {
		return new DigestCron(parse(cron), ZoneId.of(zone));
	}

	/**
	 * The first run strictly after the instant, or null if there is none. The cron is
	 * read on the wall clock of the zone: a time that happens twice when clocks go back
	 * runs at its first occurrence only, and a time skipped when clocks go forward runs
	 * right after the jump.
	 */
	public Instant next(Instant after) {
		LocalDateTime local = after.atZone(zone).toLocalDateTime();
		for (int guard = 0; guard < 3; guard++) {
			local = expression.next(local);
			if (local == null) {
				return null;
			}
			Instant run = ZonedDateTime.of(local, zone).toInstant();
			if (run.isAfter(after)) {
				return run;
			}
		}
		return null;
	}

	/**
	 * For a digest at each reader's local time: the first run strictly after the instant,
	 * when the cron's wall-clock time comes in the first zone
	 * ({@link LocalRelease#FIRST_OFFSET}); each reader's copy then waits for that time in
	 * their own zone.
	 */
	public Instant nextEarlyRun(Instant after) {
		LocalDateTime next = expression.next(after.atOffset(LocalRelease.FIRST_OFFSET).toLocalDateTime());
		return next == null ? null : next.atOffset(LocalRelease.FIRST_OFFSET).toInstant();
	}

	/** The cron's wall-clock time an early run is for: what each reader's clock shows. */
	public static LocalDateTime wallClockOfEarlyRun(Instant run) {
		return run.atOffset(LocalRelease.FIRST_OFFSET).toLocalDateTime();
	}

	/** The slot an early run is for, as the digest's own zone reads the cron. */
	public Instant slotOfEarlyRun(Instant run) {
		return ZonedDateTime.of(wallClockOfEarlyRun(run), zone).toInstant();
	}

	public List<Instant> nextRuns(Instant after, int count) {
		List<Instant> runs = new ArrayList<>(count);
		Instant at = after;
		while (runs.size() < count && (at = next(at)) != null) {
			runs.add(at);
		}
		return runs;
	}

	/**
	 * What the schedule amounts to for readers who want fewer mails: WEEKLY when the next
	 * runs are a week apart, MONTHLY when they are about a month apart (27 to 36 days, so
	 * that "the first Monday" counts), else null. An hour either way is a daylight-saving
	 * change.
	 */
	public String cadence(Instant after) {
		List<Instant> runs = nextRuns(after, 4);
		if (runs.size() < 4) {
			return null;
		}
		boolean weekly = true;
		boolean monthly = true;
		for (int i = 1; i < runs.size(); i++) {
			long hours = Duration.between(runs.get(i - 1), runs.get(i)).toHours();
			weekly &= Math.abs(hours - 7 * 24) <= 1;
			monthly &= hours >= 27 * 24 - 1 && hours <= 36 * 24 + 1;
		}
		return weekly ? "WEEKLY" : monthly ? "MONTHLY" : null;
	}

}
