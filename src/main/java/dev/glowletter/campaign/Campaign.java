package dev.glowletter.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A newsletter to send: its content, and where it is between draft and sent. Every change of
 * state is a method here that refuses the moves that make no sense.
 */
@Entity
@Table(name = "campaign")
@org.hibernate.annotations.DynamicUpdate
class Campaign {

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

	@Enumerated(EnumType.STRING)
	@JdbcTypeCode(SqlTypes.VARCHAR)
	private CampaignStatus status;

	private Instant scheduledAt;

	private String timeZone;

	private String statusReason;

	private Long digestId;

	private String createdBy;

	private Instant createdAt;

	private Instant updatedAt;

	private Instant startedAt;

	private Instant finishedAt;

	@Version
	private long version;

	protected Campaign() {
	}

	Campaign(CampaignContent content, String createdBy, Long digestId, Instant now) {
		this.status = CampaignStatus.DRAFT;
		this.createdBy = createdBy;
		this.digestId = digestId;
		this.createdAt = now;
		apply(content, now);
	}

	/** Changes the content: only a draft can be edited. */
	void edit(CampaignContent content, Instant now) {
		require(status == CampaignStatus.DRAFT, "edited");
		apply(content, now);
	}

	private void apply(CampaignContent content, Instant now) {
		this.subject = content.subject();
		this.preheader = content.preheader();
		this.intro = content.intro();
		this.template = content.template();
		this.articleIds = new ArrayList<>(content.articleIds());
		this.updatedAt = now;
	}

	void schedule(Instant at, String zone, Instant now) {
		require(status == CampaignStatus.DRAFT, "scheduled");
		this.status = CampaignStatus.SCHEDULED;
		this.scheduledAt = at;
		this.timeZone = zone;
		this.statusReason = null;
		this.updatedAt = now;
	}

	/** Back to draft, to be edited or scheduled anew. */
	void unschedule(Instant now) {
		require(status == CampaignStatus.SCHEDULED, "unscheduled");
		this.status = CampaignStatus.DRAFT;
		this.scheduledAt = null;
		this.updatedAt = now;
	}

	void pause(String reason, Instant now) {
		require(status == CampaignStatus.SENDING, "paused");
		this.status = CampaignStatus.PAUSED;
		this.statusReason = reason;
		this.updatedAt = now;
	}

	void resume(Instant now) {
		require(status == CampaignStatus.PAUSED, "resumed");
		this.status = CampaignStatus.SENDING;
		if (startedAt == null) {
			this.startedAt = now;
		}
		this.statusReason = null;
		this.updatedAt = now;
	}

	/** A sent campaign whose failed copies were queued again is sending again. */
	void sendAgain(Instant now) {
		require(status == CampaignStatus.SENT || status == CampaignStatus.SENDING, "sent again");
		this.status = CampaignStatus.SENDING;
		this.finishedAt = null;
		this.updatedAt = now;
	}

	void cancel(Instant now) {
		require(status == CampaignStatus.DRAFT || status == CampaignStatus.SCHEDULED || status == CampaignStatus.PAUSED, "cancelled");
		this.status = CampaignStatus.CANCELLED;
		this.finishedAt = now;
		this.updatedAt = now;
	}

	/** A new draft with the same content. */
	Campaign duplicate(String by, Instant now) {
		return new Campaign(content(), by, null, now);
	}

	CampaignContent content() {
		return new CampaignContent(subject, preheader, intro, template, List.copyOf(articleIds));
	}

	private void require(boolean allowed, String action) {
		if (!allowed) {
			throw new IllegalTransition(id, status, action);
		}
	}

	Long getId() {
		return id;
	}

	CampaignStatus getStatus() {
		return status;
	}

	Instant getScheduledAt() {
		return scheduledAt;
	}

	String getTimeZone() {
		return timeZone;
	}

	String getStatusReason() {
		return statusReason;
	}

	Long getDigestId() {
		return digestId;
	}

	String getCreatedBy() {
		return createdBy;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

	Instant getUpdatedAt() {
		return updatedAt;
	}

	Instant getStartedAt() {
		return startedAt;
	}

	Instant getFinishedAt() {
		return finishedAt;
	}

}
