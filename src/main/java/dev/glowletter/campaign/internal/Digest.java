package dev.glowletter.campaign.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.glowletter.campaign.DigestSettings;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
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

	/** Each reader gets what they have not received yet (issue 16). */
	private boolean personal;

	/**
	 * Its cron's time is each reader's (e.g. 09:00 in their zone): it runs when that time
	 * comes in the first zone.
	 */
	private boolean readersLocalTime;

	private Instant nextRunAt;

	private Instant coveredUntil;

	private Instant createdAt;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "digest_topic", joinColumns = @JoinColumn(name = "digest_id"))
	@Column(name = "topic_id")
	private Set<Long> topicIds = new TreeSet<>();

	/**
	 * WEEKLY or MONTHLY: the readers of that frequency get its editions too (null: only
	 * those who want every issue). Read by the queue fill.
	 */
	private String cadence;

	/** Whether the admin chose the cadence; if not, it follows the cron. */
	private boolean cadenceChosen;

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
		this.topicIds.clear();
		this.topicIds.addAll(settings.topicIds());
		this.segmentId = settings.segmentId();
		this.personal = settings.personal();
		this.readersLocalTime = settings.readersLocalTime();
		if (settings.enabled() != null) {
			this.enabled = settings.enabled();
		}
		this.nextRunAt = enabled ? nextRun(now) : null;
		this.cadenceChosen = settings.cadence() != null;
		this.cadence = cadenceChosen ? ("NONE".equals(settings.cadence()) ? null : settings.cadence()) : null;
		followSchedule(now);
	}

	/**
	 * A cadence the admin left to the cron is worked out again (a digest saved before
	 * cadences existed has none yet).
	 */
	public void followSchedule(Instant now) {
		if (!cadenceChosen) {
			this.cadence = schedule().cadence(now);
		}
	}

	public void enable(Instant now) {
		this.enabled = true;
		this.nextRunAt = nextRun(now);
	}

	public void disable() {
		this.enabled = false;
		this.nextRunAt = null;
	}

	/** An edition went out: its articles are covered up to that moment. */
	public void covered(Instant until) {
		this.coveredUntil = until;
	}

	public boolean isPersonal() {
		return personal;
	}

	public boolean isReadersLocalTime() {
		return readersLocalTime;
	}

	/**
	 * Its first run after the instant: the cron's next time in its zone, or, at each
	 * reader's local time, when that time comes in the first zone.
	 */
	public Instant nextRun(Instant after) {
		return readersLocalTime ? schedule().nextEarlyRun(after) : schedule().next(after);
	}

	public DigestCron schedule() {
		return DigestCron.of(cron, timeZone);
	}

	public DigestSettings settings() {
		return new DigestSettings(name, cron, timeZone, template, subjectPattern, intro, maxArticles, enabled, null,
				cadenceChosen ? (cadence == null ? "NONE" : cadence) : null, List.copyOf(topicIds), segmentId, personal,
				readersLocalTime);
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

	/** The topics it is for; empty: all articles, everyone. */
	public List<Long> getTopicIds() {
		return List.copyOf(topicIds);
	}

	/** WEEKLY, MONTHLY or NONE, as the cadence is now (chosen, or from the cron). */
	public String effectiveCadence(Instant now) {
		String effective = cadenceChosen ? cadence : schedule().cadence(now);
		return effective == null ? "NONE" : effective;
	}

	public boolean isCadenceChosen() {
		return cadenceChosen;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

}
