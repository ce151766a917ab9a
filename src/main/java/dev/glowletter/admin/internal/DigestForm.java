package dev.glowletter.admin.internal;

import java.util.List;

import dev.glowletter.campaign.DigestService;
import dev.glowletter.campaign.DigestSettings;

/**
 * The digest form's fields as typed; {@code topicIds} the topics ticked,
 * {@code segmentId} empty: not for a segment. Public only because the form's template
 * (FreeMarker) reads it.
 *
 * @param cadence WEEKLY, MONTHLY, NONE, or empty to follow the cron
 * @param personal ticked: each reader gets only the articles they have not received
 * @param readersLocalTime ticked: the cron's time is each reader's
 */
public record DigestForm(String name, String cron, String timeZone, String template, String subjectPattern,
		String intro, String maxArticles, String cadence, List<Long> topicIds, String segmentId, Boolean personal,
		Boolean readersLocalTime) {

	public DigestForm {
		topicIds = topicIds == null ? List.of() : List.copyOf(topicIds);
		// an unticked box sends nothing
		personal = Boolean.TRUE.equals(personal);
		readersLocalTime = Boolean.TRUE.equals(readersLocalTime);
	}

	/** A new digest's form, in the list's time zone. */
	static DigestForm empty(String listZone) {
		return new DigestForm("", "0 9 * * MON", listZone, "digest", "Your beauty digest, {date}", "", "5", "",
				List.of(), "", false, false);
	}

	static DigestForm of(DigestService.DigestView d) {
		return new DigestForm(d.name(), d.cron(), d.timeZone(), d.template(), d.subjectPattern(), d.intro(),
				Integer.toString(d.maxArticles()), d.cadenceFromSchedule() ? "" : d.cadence(), d.topicIds(),
				d.segmentId() == null ? "" : d.segmentId().toString(), d.personal(), d.readersLocalTime());
	}

	/**
	 * The segment the editions are for; none: everyone. A value that is not an id names
	 * no segment (-1), and is refused as such.
	 */
	Long segment() {
		if (segmentId == null || segmentId.isBlank()) {
			return null;
		}
		return segmentId.strip().matches("\\d{1,18}") ? Long.valueOf(segmentId.strip()) : -1L;
	}

	DigestSettings settings() {
		Integer max;
		try {
			max = Integer.valueOf(maxArticles == null ? "" : maxArticles.strip());
		}
		catch (NumberFormatException ex) {
			max = -1;
		}
		return new DigestSettings(name, cron, timeZone, template, subjectPattern,
				intro == null || intro.isBlank() ? null : intro, max, null, null, cadence, topicIds, segment(),
				personal, readersLocalTime);
	}
}
