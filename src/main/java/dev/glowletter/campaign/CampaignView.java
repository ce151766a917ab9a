package dev.glowletter.campaign;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

/**
 * A campaign as the admin API shows it, with its progress: recipients queued so far,
 * sent, failed, still queued, the rate over the send so far and an estimate of the time
 * left. Who it is for: {@code topicIds}, or {@code segmentId}, or else everyone.
 * {@code archiveUrl}: its page in the public archive, when it is published there; null
 * when not.
 */
public record CampaignView(long id, String subject, String preheader, String intro, String template,
		List<Long> articleIds, CampaignStatus status, String statusReason, Instant scheduledAt, String timeZone,
		LocalDateTime scheduledAtLocal, Long digestId, String createdBy, Instant createdAt, Instant updatedAt,
		Instant startedAt, Instant finishedAt, Progress progress, List<Long> topicIds, Long segmentId,
		LocalSchedule localSchedule, String archiveUrl) {

	/** Not in the public archive. */
	public CampaignView(long id, String subject, String preheader, String intro, String template, List<Long> articleIds,
			CampaignStatus status, String statusReason, Instant scheduledAt, String timeZone,
			LocalDateTime scheduledAtLocal, Long digestId, String createdBy, Instant createdAt, Instant updatedAt,
			Instant startedAt, Instant finishedAt, Progress progress, List<Long> topicIds, Long segmentId,
			LocalSchedule localSchedule) {
		this(id, subject, preheader, intro, template, articleIds, status, statusReason, scheduledAt, timeZone,
				scheduledAtLocal, digestId, createdBy, createdAt, updatedAt, startedAt, finishedAt, progress, topicIds,
				segmentId, localSchedule, null);
	}

	/** For everyone, or the readers of topics or of a segment, at one moment. */
	public CampaignView(long id, String subject, String preheader, String intro, String template, List<Long> articleIds,
			CampaignStatus status, String statusReason, Instant scheduledAt, String timeZone,
			LocalDateTime scheduledAtLocal, Long digestId, String createdBy, Instant createdAt, Instant updatedAt,
			Instant startedAt, Instant finishedAt, Progress progress, List<Long> topicIds, Long segmentId) {
		this(id, subject, preheader, intro, template, articleIds, status, statusReason, scheduledAt, timeZone,
				scheduledAtLocal, digestId, createdBy, createdAt, updatedAt, startedAt, finishedAt, progress, topicIds,
				segmentId, null);
	}

	/** For everyone, or the readers of topics. */
	public CampaignView(long id, String subject, String preheader, String intro, String template, List<Long> articleIds,
			CampaignStatus status, String statusReason, Instant scheduledAt, String timeZone,
			LocalDateTime scheduledAtLocal, Long digestId, String createdBy, Instant createdAt, Instant updatedAt,
			Instant startedAt, Instant finishedAt, Progress progress, List<Long> topicIds) {
		this(id, subject, preheader, intro, template, articleIds, status, statusReason, scheduledAt, timeZone,
				scheduledAtLocal, digestId, createdBy, createdAt, updatedAt, startedAt, finishedAt, progress, topicIds,
				null);
	}

	/**
	 * Sent at a local time in each reader's zone ({@code timeZone} for readers who gave
	 * none), or within a sending window of their day (e.g. "08:00–20:00"; date and time
	 * null when only that): the zones in the order they go, once the queue is filled (at
	 * {@code scheduledAt}), and when the last goes.
	 */
	public record LocalSchedule(LocalDate date, LocalTime time, String ifPassed, String sendingWindow,
			Instant lastZoneAt, List<ZoneWave> zones) {
	}

	/** One zone's readers: when they go, and how far they got. */
	public record ZoneWave(String zone, Instant releaseAt, int queued, int sent, int failed, int skipped) {
	}

	public record Progress(int recipients, int sent, int failed, int queued, int skipped, Double ratePerSecond,
			Long etaSeconds, boolean stalled) {
	}
}
