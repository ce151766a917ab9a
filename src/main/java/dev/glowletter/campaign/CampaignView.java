package dev.glowletter.campaign;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A campaign as the admin API shows it, with its progress: recipients queued so far,
 * sent, failed, still queued, the rate over the send so far and an estimate of the time
 * left. Who it is for: {@code topicIds}, or {@code segmentId}, or else everyone.
 */
public record CampaignView(long id, String subject, String preheader, String intro, String template,
		List<Long> articleIds, CampaignStatus status, String statusReason, Instant scheduledAt, String timeZone,
		LocalDateTime scheduledAtLocal, Long digestId, String createdBy, Instant createdAt, Instant updatedAt,
		Instant startedAt, Instant finishedAt, Progress progress, List<Long> topicIds, Long segmentId) {

	/** For everyone, or the readers of topics. */
	public CampaignView(long id, String subject, String preheader, String intro, String template, List<Long> articleIds,
			CampaignStatus status, String statusReason, Instant scheduledAt, String timeZone,
			LocalDateTime scheduledAtLocal, Long digestId, String createdBy, Instant createdAt, Instant updatedAt,
			Instant startedAt, Instant finishedAt, Progress progress, List<Long> topicIds) {
		this(id, subject, preheader, intro, template, articleIds, status, statusReason, scheduledAt, timeZone,
				scheduledAtLocal, digestId, createdBy, createdAt, updatedAt, startedAt, finishedAt, progress, topicIds,
				null);
	}

	public record Progress(int recipients, int sent, int failed, int queued, int skipped, Double ratePerSecond,
			Long etaSeconds, boolean stalled) {
	}
}
