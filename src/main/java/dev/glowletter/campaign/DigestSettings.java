package dev.glowletter.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What an admin sets for a recurring digest.
 *
 * @param cron five crontab fields, e.g. {@code 0 9 * * MON}
 * @param timeZone the zone the cron is read in, e.g. {@code Europe/Paris}
 * @param subjectPattern the edition's subject; {@code {date}} stands for its date, e.g.
 * "Your beauty digest, {date}"
 * @param maxArticles at most this many articles per edition (default 5)
 * @param enabled null keeps it as it is (a new digest is enabled)
 * @param since for a new digest: its first edition takes the articles published after
 * this (default: from its creation on); ignored on update
 * @param cadence which readers besides those who want every issue its editions reach:
 * {@code WEEKLY} (readers of the weekly digest only), {@code MONTHLY}, or {@code NONE};
 * null works it out from the cron (a week apart: WEEKLY, a month apart: MONTHLY, else
 * NONE)
 * @param topicIds the topics it is for: its editions take only their articles and go to
 * the readers who chose one of them (or chose none); empty: all articles, everyone
 * @param segmentId the segment its editions are for (not with topics); none: everyone
 * @param personal whether each reader gets the newest articles of the last weeks that
 * they have not received yet (a reader with nothing new is skipped), rather than one
 * edition of the articles since the last one for everyone; null: not personal
 * @param readersLocalTime whether the cron's time is each reader's (e.g. Monday 09:00 in
 * their zone; the digest's zone for readers who gave none) rather than the digest's
 * zone's; null: the digest's zone's
 */
public record DigestSettings(@Schema(example = "Monday digest") String name,
		@Schema(example = "0 9 * * MON") String cron, @Schema(example = "Europe/Paris") String timeZone,
		@Schema(example = "digest") String template,
		@Schema(example = "Your beauty digest, {date}") String subjectPattern,
		@Schema(example = "The week on the blog.") String intro, @Schema(example = "5") Integer maxArticles,
		Boolean enabled, @Schema(example = "2025-01-01T00:00:00Z") Instant since,
		@Schema(example = "WEEKLY", allowableValues = {
				"WEEKLY", "MONTHLY", "NONE" }) String cadence,
		@Schema(example = "[]") List<Long> topicIds, @Schema(example = "null") Long segmentId,
		@Schema(example = "false") Boolean personal, @Schema(example = "false") Boolean readersLocalTime){

	/** The cadences an admin may choose; null: from the cron. */
	public static final List<String> CADENCES = List.of("WEEKLY", "MONTHLY", "NONE");

	public DigestSettings(String name, String cron, String timeZone, String template, String subjectPattern,
			String intro, Integer maxArticles, Boolean enabled) {
		this(name, cron, timeZone, template, subjectPattern, intro, maxArticles, enabled, null);
	}

	public DigestSettings(String name, String cron, String timeZone, String template, String subjectPattern,
			String intro, Integer maxArticles, Boolean enabled, Instant since) {
		this(name, cron, timeZone, template, subjectPattern, intro, maxArticles, enabled, since, null);
	}

	/** For everyone. */
	public DigestSettings(String name, String cron, String timeZone, String template, String subjectPattern,
			String intro, Integer maxArticles, Boolean enabled, Instant since, String cadence) {
		this(name, cron, timeZone, template, subjectPattern, intro, maxArticles, enabled, since, cadence, List.of(),
				null);
	}

	/** One edition for everyone. */
	public DigestSettings(String name, String cron, String timeZone, String template, String subjectPattern,
			String intro, Integer maxArticles, Boolean enabled, Instant since, String cadence, List<Long> topicIds,
			Long segmentId) {
		this(name, cron, timeZone, template, subjectPattern, intro, maxArticles, enabled, since, cadence, topicIds,
				segmentId, false, false);
	}

	public DigestSettings {
		template = template == null || template.isBlank() ? "digest" : template.strip();
		maxArticles = maxArticles == null ? 5 : maxArticles;
		cadence = cadence == null || cadence.isBlank() ? null : cadence.strip().toUpperCase(Locale.ROOT);
		topicIds = topicIds == null ? List.of()
				: topicIds.stream().filter(Objects::nonNull).distinct().sorted().toList();
		personal = Boolean.TRUE.equals(personal);
		readersLocalTime = Boolean.TRUE.equals(readersLocalTime);
	}
}
