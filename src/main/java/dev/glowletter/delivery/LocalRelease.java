package dev.glowletter.delivery;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * "At this time in each reader's time zone": when a zone's readers are released.
 *
 * @param date the local date, e.g. 2026-12-01
 * @param time the local time, e.g. 09:00
 * @param listZone the zone of readers who gave none (or one the tz database does not
 * know)
 * @param decidedAt when the campaign was scheduled: a zone whose time was already past
 * then goes at once, or the next day
 * @param nextDayIfPassed whether such a zone goes the next day (else at once)
 */
public record LocalRelease(LocalDate date, LocalTime time, ZoneId listZone, Instant decidedAt,
		boolean nextDayIfPassed) {

	/** The easternmost offset of the tz database (Pacific/Kiritimati): the first zone. */
	public static final ZoneOffset FIRST_OFFSET = ZoneOffset.ofHours(14);

	/** The first moment any zone's readers can be due: the queue is filled then. */
	public static Instant firstZoneAt(LocalDate date, LocalTime time) {
		return date.atTime(time).atOffset(FIRST_OFFSET).toInstant();
	}

	/**
	 * When readers of this zone (a tz database name, or null for the list's) are
	 * released. In a gap of a daylight-saving change the time is moved forward by the
	 * gap; in an overlap the earlier of the two is taken.
	 */
	public Instant releaseAt(String zoneName) {
		ZoneId zone = zoneOf(zoneName);
		Instant at = date.atTime(time).atZone(zone).toInstant();
		if (!at.isBefore(decidedAt)) {
			return at;
		}
		return nextDayIfPassed ? date.plusDays(1).atTime(time).atZone(zone).toInstant() : decidedAt;
	}

	private ZoneId zoneOf(String name) {
		if (name == null) {
			return listZone;
		}
		try {
			return ZoneId.of(name);
		}
		catch (DateTimeException ex) {
			return listZone;
		}
	}

}
