package dev.glowletter.subscription;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a reader chose, as the admin API reads and writes it: the same choices as their
 * preference page. A PUT replaces them all: a field left out is its default.
 *
 * @param topicIds the topics they get (none: everything)
 * @param firstName their first name, or null for none
 * @param frequency every issue (the default), or only the weekly or the monthly digest
 * @param pausedUntil no newsletter until then (at most a year ahead); null: not paused
 * @param timeZone their time zone, one of {@link ReaderTimeZones#REGIONS}; null: the
 * list's
 */
public record ReaderPreferences(@Schema(example = "[1, 3]") List<Long> topicIds,
		@Schema(example = "Rosa") String firstName, @Schema(example = "WEEKLY") Frequency frequency,
		@Schema(example = "2025-09-01T00:00:00Z") Instant pausedUntil,
		@Schema(example = "Europe/Paris") String timeZone) {

	/** In the list's time zone. */
	public ReaderPreferences(List<Long> topicIds, String firstName, Frequency frequency, Instant pausedUntil) {
		this(topicIds, firstName, frequency, pausedUntil, null);
	}

	public ReaderPreferences {
		topicIds = topicIds == null ? List.of()
				: topicIds.stream().filter(Objects::nonNull).distinct().sorted().toList();
		frequency = frequency == null ? Frequency.EVERY : frequency;
	}

}
