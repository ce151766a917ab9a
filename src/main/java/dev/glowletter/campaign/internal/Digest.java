package dev.glowletter.campaign.internal;

import java.time.Instant;

import dev.glowletter.campaign.DigestSettings;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A recurring digest: on its schedule it makes a campaign edition of the articles
 * published since the previous one. Its next run time is also its lock: the instance that
 * moves it on runs the slot.
 */
@Entity
@Table(name = "digest")
@DynamicUpdate
public class Digest {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String name;

	private String cron;

	private String timeZone;

	private String template;

	private String subjectPattern;

	private String intro;

	private int maxArticles;

	/** The segment its editions are for; none: everyone. */
	private Long segmentId;

	private boolean enabled;

	private Instant nextRunAt;

	private Instant coveredUntil;

	private Instant createdAt;

	@Version
	private long version;

	protected Digest() {
	}

	public Digest(DigestSettings settings, Instant now) {
		this.createdAt = now;
		this.coveredUntil = settings.since() != null && settings.since().isBefore(now) ? settings.since() : now;
		this.enabled = true;
		apply(settings, now);
	}

	public void apply(DigestSettings settings, Instant now) {
		this.name = settings.name();
		this.cron = settings.cron();
		this.timeZone = settings.timeZone();
		this.template = settings.template();
		this.subjectPattern = settings.subjectPattern();
		this.intro = settings.intro();
		this.maxArticles = settings.maxArticles();
		this.segmentId = settings.segmentId();
		if (settings.enabled() != null) {
			this.enabled = settings.enabled();
		}
		this.nextRunAt = enabled ? schedule().next(now) : null;
	}

	public void enable(Instant now) {
		this.enabled = true;
		this.nextRunAt = schedule().next(now);
	}

	public void disable() {
		this.enabled = false;
		this.nextRunAt = null;
	}

	/** An edition went out: its articles are covered up to that moment. */
	public void covered(Instant until) {
		this.coveredUntil = until;
	}

	public DigestCron schedule() {
		return DigestCron.of(cron, timeZone);
	}

	public DigestSettings settings() {
		return new DigestSettings(name, cron, timeZone, template, subjectPattern, intro, maxArticles, enabled, null,
				segmentId);
	}

	public Long getId() {
		return id;
	}

	public boolean isEnabled() {
		return enabled;
	}

	Instant getNextRunAt() {
		return nextRunAt;
	}

	public Instant getCoveredUntil() {
		return coveredUntil;
	}

	public String getTimeZone() {
		return timeZone;
	}

	public String getSubjectPattern() {
		return subjectPattern;
	}

	public String getIntro() {
		return intro;
	}

	public String getTemplate() {
		return template;
	}

	public Long getSegmentId() {
		return segmentId;
	}

	public int getMaxArticles() {
		return maxArticles;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

}
