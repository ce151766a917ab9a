package dev.glowletter.campaign.internal;

import static dev.glowletter.campaign.CampaignStatus.CANCELLED;
import static dev.glowletter.campaign.CampaignStatus.DRAFT;
import static dev.glowletter.campaign.CampaignStatus.PAUSED;
import static dev.glowletter.campaign.CampaignStatus.SCHEDULED;
import static dev.glowletter.campaign.CampaignStatus.SENDING;
import static dev.glowletter.campaign.CampaignStatus.SENT;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.IllegalTransition;
import dev.glowletter.delivery.LocalRelease;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A newsletter to send: its content, and where it is between draft and sent. This class
 * owns the campaign's status: every move is a {@link Transition}, made either by a method
 * here that refuses it from any other status ({@link IllegalTransition}, a 409), or, for
 * the moves instances race for, by a compare-and-set in {@link CampaignTransitions} built
 * from the same table.
 *
 * <p>
 * The moves of a campaign's status; every other move is refused:
 *
 * <pre>
 * Move         From                      To          Made by
 * SCHEDULE     DRAFT                     SCHEDULED   an admin; a digest, for its edition
 * UNSCHEDULE   SCHEDULED                 DRAFT       an admin
 * START        SCHEDULED                 SENDING     the poller, once it is due (compare-and-set)
 * HOLD_BACK    SCHEDULED                 PAUSED      the poller, when it fell due more than the grace period ago
 *                                                    while the service was down (compare-and-set); an admin
 *                                                    resumes or cancels it
 * PAUSE        SENDING                   PAUSED      an admin; the engine, when the relay cannot be reached
 * RESUME       PAUSED                    SENDING     an admin; the engine, when the relay answers again
 * FINISH       SENDING                   SENT        the poller, once no copy is queued or in flight (compare-and-set)
 * SEND_AGAIN   SENT, SENDING             SENDING     an admin retrying the copies that failed
 * CANCEL       DRAFT, SCHEDULED, PAUSED  CANCELLED   an admin
 * </pre>
 *
 * <p>
 * A campaign's status and its delivery's state ({@code delivery_campaign.state}, and
 * {@code paused_by} while PAUSED):
 *
 * <pre>
 * Status            Delivery state                 Because
 * DRAFT, SCHEDULED  none                           nothing is queued before START
 * SENDING           ACTIVE                         START, then the engine queues the copies; RESUME; SEND_AGAIN
 *                                                  (none in the moment between START and the queue's first row:
 *                                                  the poller queues it if the instance died then)
 * PAUSED            PAUSED by ADMIN                PAUSE by an admin
 * PAUSED            PAUSED by RELAY                the engine could not reach the relay: PAUSE, in the engine's
 *                                                  transaction (DeliveryPaused); it RESUMEs by itself when the
 *                                                  relay answers (DeliveryResumed)
 * PAUSED            none                           HOLD_BACK: RESUME makes the queue (or PAUSE in the moment
 *                                                  after START: the poller makes it once resumed)
 * SENT              ACTIVE, nothing left queued    FINISH; SEND_AGAIN queues the failed copies again
 * CANCELLED         CANCELLED, or none if nothing  CANCEL
 *                   was queued
 * </pre>
 *
 * <p>
 * An admin's move and its delivery's change commit together ({@link CampaignService}),
 * and so do the engine's pause or resume and the campaign's (in the engine's
 * transaction). START commits first, then the instance that won it makes the queue chunk
 * by chunk: hence SENDING's moment with none.
 */
@Entity
@Table(name = "campaign")
@DynamicUpdate
public class Campaign {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String subject;

	private String preheader;

	private String intro;

	private String template;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "campaign_article", joinColumns = @JoinColumn(name = "campaign_id"))
	@OrderColumn(name = "position")
	@Column(name = "article_id")
	private List<Long> articleIds = new ArrayList<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "campaign_topic", joinColumns = @JoinColumn(name = "campaign_id"))
	@Column(name = "topic_id")
	private Set<Long> topicIds = new TreeSet<>();

	/** The segment it is for; none: its topics, or everyone. */
	private Long segmentId;

	@Enumerated(EnumType.STRING)
	@JdbcTypeCode(SqlTypes.VARCHAR)
	private CampaignStatus status;

	private Instant scheduledAt;

	private String timeZone;

	/** Sent at this local date and time in each reader's zone; null: at scheduledAt. */
	private LocalDate localDate;

	private LocalTime localTime;

	/** Whether a zone whose time had passed when scheduled goes the next day. */
	private String ifPassed;

	/** Its copies go only between these times of the reader's day; null: at any hour. */
	private LocalTime windowFrom;

	private LocalTime windowUntil;

	private String statusReason;

	private Long digestId;

	/**
	 * A personal edition: each reader gets up to this many of its articles they have not
	 * received (null: the same articles for everyone).
	 */
	private Integer personalArticles;

	private String createdBy;

	private Instant createdAt;

	private Instant updatedAt;

	private Instant startedAt;

	private Instant finishedAt;

	@Version
	private long version;

	protected Campaign() {
	}

	public Campaign(CampaignContent content, String createdBy, Long digestId, Instant now) {
		this.status = CampaignStatus.DRAFT;
		this.createdBy = createdBy;
		this.digestId = digestId;
		this.createdAt = now;
		apply(content, now);
	}

	/**
	 * Makes this draft a personal edition: its articles are a pool from which each reader
	 * gets up to {@code articlesPerReader} they have not received.
	 */
	public void personalize(int articlesPerReader) {
		require(status == DRAFT, "made personal");
		this.personalArticles = articlesPerReader;
	}

	/**
	 * Up to how many of its articles each reader gets; null: all of them, for everyone.
	 */
	public Integer getPersonalArticles() {
		return personalArticles;
	}

	/** Changes the content: only a draft can be edited. */
	public void edit(CampaignContent content, Instant now) {
		require(status == DRAFT, "edited");
		apply(content, now);
	}

	private void apply(CampaignContent content, Instant now) {
		this.subject = content.subject();
		this.preheader = content.preheader();
		this.intro = content.intro();
		this.template = content.template();
		this.articleIds = new ArrayList<>(content.articleIds());
		this.topicIds = new TreeSet<>(content.topicIds());
		this.segmentId = content.segmentId();
		this.updatedAt = now;
	}

	public void schedule(Instant at, String zone, Instant now) {
		move(Transition.SCHEDULE, now);
		this.scheduledAt = at;
		this.timeZone = zone;
		this.localDate = null;
		this.localTime = null;
		this.ifPassed = null;
		this.windowFrom = null;
		this.windowUntil = null;
		this.statusReason = null;
	}

	/**
	 * Once scheduled, its copies go only between these times of each reader's day (e.g.
	 * 08:00 to 20:00); a copy due outside waits for the opening.
	 */
	public void limitToWindow(LocalTime from, LocalTime until) {
		require(status == SCHEDULED, "given a sending window");
		this.windowFrom = from;
		this.windowUntil = until;
	}

	/**
	 * Schedules it for a local time in each reader's zone (the list's zone, for readers
	 * who gave none): its queue is filled at the first zone's time, or at once if that
	 * has passed.
	 */
	public void scheduleLocal(LocalDate date, LocalTime time, String listZone, boolean nextDayIfPassed, Instant now) {
		Instant first = LocalRelease.firstZoneAt(date, time);
		schedule(first.isAfter(now) ? first : now, listZone, now);
		this.localDate = date;
		this.localTime = time;
		this.ifPassed = nextDayIfPassed ? "NEXT_DAY" : "AT_ONCE";
	}

	/** Its local time in each reader's zone, if it is sent so. */
	public Optional<LocalRelease> localRelease() {
		if ((localDate == null || localTime == null) && windowFrom == null) {
			return Optional.empty();
		}
		// scheduledAt is when it was scheduled, unless that was before the first zone's
		// time
		return Optional.of(new LocalRelease(localDate, localTime, ZoneId.of(timeZone == null ? "UTC" : timeZone),
				scheduledAt, "NEXT_DAY".equals(ifPassed), windowFrom, windowUntil));
	}

	/** The sending window, e.g. "08:00–20:00"; null: at any hour. */
	public String sendingWindow() {
		return windowFrom == null ? null : windowFrom + "–" + windowUntil;
	}

	/** Back to draft, to be edited or scheduled anew. */
	public void unschedule(Instant now) {
		move(Transition.UNSCHEDULE, now);
		this.scheduledAt = null;
	}

	public void pause(String reason, Instant now) {
		move(Transition.PAUSE, now);
		this.statusReason = reason;
	}

	public void resume(Instant now) {
		move(Transition.RESUME, now);
		if (startedAt == null) {
			this.startedAt = now;
		}
		this.statusReason = null;
	}

	/**
	 * Queues again the copies that failed for good, through {@code requeue} (which says
	 * how many it queued): only a sending or sent campaign can be retried, and it is
	 * sending again if any were.
	 */
	public void retryFailed(IntSupplier requeue, Instant now) {
		require(Transition.SEND_AGAIN.allowsFrom(status), "retried");
		if (requeue.getAsInt() > 0) {
			move(Transition.SEND_AGAIN, now);
			this.finishedAt = null;
		}
	}

	public void cancel(Instant now) {
		move(Transition.CANCEL, now);
		this.finishedAt = now;
	}

	/** A new draft with the same content. */
	public Campaign duplicate(String by, Instant now) {
		return new Campaign(content(), by, null, now);
	}

	public CampaignContent content() {
		return new CampaignContent(subject, preheader, intro, template, List.copyOf(articleIds), List.copyOf(topicIds),
				segmentId);
	}

	private void move(Transition transition, Instant now) {
		if (transition.compareAndSet()) {
			throw new IllegalStateException(transition + " is made in SQL by CampaignTransitions");
		}
		require(transition.allowsFrom(status), transition.action());
		this.status = transition.to();
		this.updatedAt = now;
	}

	private void require(boolean allowed, String action) {
		if (!allowed) {
			throw new IllegalTransition(id, status, action);
		}
	}

	/**
	 * The moves of a campaign's status: the table above, as code. The aggregate makes the
	 * moves that are not {@code compareAndSet}; {@link CampaignTransitions} makes those
	 * in SQL.
	 */
	enum Transition {

		SCHEDULE("scheduled", Set.of(DRAFT), SCHEDULED, false),
		UNSCHEDULE("unscheduled", Set.of(SCHEDULED), DRAFT, false), START("started", Set.of(SCHEDULED), SENDING, true),
		HOLD_BACK("held back", Set.of(SCHEDULED), PAUSED, true), PAUSE("paused", Set.of(SENDING), PAUSED, false),
		RESUME("resumed", Set.of(PAUSED), SENDING, false), FINISH("finished", Set.of(SENDING), SENT, true),
		SEND_AGAIN("sent again", Set.of(SENT, SENDING), SENDING, false),
		CANCEL("cancelled", Set.of(DRAFT, SCHEDULED, PAUSED), CANCELLED, false);

		private final String action;

		private final Set<CampaignStatus> from;

		private final CampaignStatus to;

		private final boolean compareAndSet;

		Transition(String action, Set<CampaignStatus> from, CampaignStatus to, boolean compareAndSet) {
			this.action = action;
			this.from = from;
			this.to = to;
			this.compareAndSet = compareAndSet;
		}

		/**
		 * What the refusal says the campaign cannot be: "Campaign 7 is SENT and cannot be
		 * {action}."
		 */
		String action() {
			return action;
		}

		boolean allowsFrom(CampaignStatus status) {
			return from.contains(status);
		}

		Set<CampaignStatus> from() {
			return from;
		}

		CampaignStatus to() {
			return to;
		}

		/**
		 * Whether several instances race for this move, so that it is made by a
		 * compare-and-set in SQL.
		 */
		boolean compareAndSet() {
			return compareAndSet;
		}

	}

	public Long getId() {
		return id;
	}

	public CampaignStatus getStatus() {
		return status;
	}

	public Instant getScheduledAt() {
		return scheduledAt;
	}

	public String getTimeZone() {
		return timeZone;
	}

	public String getStatusReason() {
		return statusReason;
	}

	public Long getDigestId() {
		return digestId;
	}

	public String getCreatedBy() {
		return createdBy;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public Instant getUpdatedAt() {
		return updatedAt;
	}

	public Instant getStartedAt() {
		return startedAt;
	}

	public Instant getFinishedAt() {
		return finishedAt;
	}

}
