package dev.glowletter.delivery;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * "At this time in each reader's time zone", or "only within these hours of the reader's
 * day", or both: when a zone's readers are released.
 *
 * @param date the local date, e.g. 2026-12-01; null with {@code time}: at
 * {@code decidedAt}
 * @param time the local time, e.g. 09:00
 * @param listZone the zone of readers who gave none (or one the tz database does not
 * know)
 * @param decidedAt when the campaign was scheduled: a zone whose time was already past
 * then goes at once, or the next day
 * @param nextDayIfPassed whether such a zone goes the next day (else at once)
 * @param windowFrom the sending window's opening in the reader's zone, e.g. 08:00; null:
 * at any hour
 * @param windowUntil its closing, e.g. 20:00 (before the opening: overnight)
 */
public record LocalRelease(LocalDate date, LocalTime time, ZoneId listZone, Instant decidedAt, boolean nextDayIfPassed,
		LocalTime windowFrom, LocalTime windowUntil) {

	/** Without a sending window. */
	public LocalRelease(LocalDate date, LocalTime time, ZoneId listZone, Instant decidedAt, boolean nextDayIfPassed) {
		this(date, time, listZone, decidedAt, nextDayIfPassed, null, null);
	}

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
		Instant at = date == null || time == null ? decidedAt : localTimeIn(zone);
		return windowFrom == null || windowUntil == null ? at : windowOpenAt(at, zone);
	}

	/**
	 * The instant itself if the sending window is open then in this zone's day (or there
	 * is no window), else its next opening: when a copy to be tried again may go.
	 */
	public Instant withinWindow(Instant at, String zoneName) {
		return windowFrom == null || windowUntil == null ? at : windowOpenAt(at, zoneOf(zoneName));
	}

	private Instant localTimeIn(ZoneId zone) {
		Instant at = date.atTime(time).atZone(zone).toInstant();
		if (!at.isBefore(decidedAt)) {
			return at;
		}
		return nextDayIfPassed ? date.plusDays(1).atTime(time).atZone(zone).toInstant() : decidedAt;
	}

	/**
	 * The instant itself if the window is open then in the zone, else its next opening.
	 */
	private Instant windowOpenAt(Instant at, ZoneId zone) {
		ZonedDateTime local = at.atZone(zone);
		LocalTime t = local.toLocalTime();
		boolean open = windowFrom.isBefore(windowUntil) ? !t.isBefore(windowFrom) && t.isBefore(windowUntil)
				: !t.isBefore(windowFrom) || t.isBefore(windowUntil);
		if (open) {
			return at;
		}
		LocalDate day = t.isBefore(windowFrom) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
		return day.atTime(windowFrom).atZone(zone).toInstant();
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
