package dev.glowletter.subscription;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The time zones a reader can have: the regions of the tz database (e.g.
 * {@code Europe/Paris}) and {@code UTC}; none means the list's. A campaign sent at a
 * local time goes to each reader at that time in their zone.
 */
public final class ReaderTimeZones {

	private static final Pattern REGION = Pattern
		.compile("(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z0-9_+/-]+");

	/** The zones a reader can choose, by name. */
	public static final List<String> REGIONS = ZoneId.getAvailableZoneIds()
		.stream()
		.filter(id -> REGION.matcher(id).matches() || "UTC".equals(id))
		.sorted()
		.toList();

	/** What a sign-up or an admin is told when a zone is not one of {@link #REGIONS}. */
	public static final String PROBLEM = "Give a time zone of the tz database, such as \"Europe/Paris\" or "
			+ "\"America/New_York\".";

	private ReaderTimeZones() {
	}

	/** The zone so named, if it is one of {@link #REGIONS}; empty for anything else. */
	public static Optional<String> region(String name) {
		if (name == null) {
			return Optional.empty();
		}
		String id = name.strip();
		return REGIONS.contains(id) ? Optional.of(id) : Optional.empty();
	}

}
