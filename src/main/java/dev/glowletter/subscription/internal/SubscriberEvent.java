package dev.glowletter.subscription.internal;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One line of a reader's history: subscribed, confirmed, unsubscribed, ... */
@Entity
@Table(name = "subscriber_event")
public class SubscriberEvent {

	public static final String SUBSCRIBE_REQUESTED = "SUBSCRIBE_REQUESTED";

	public static final String ALREADY_SUBSCRIBED = "ALREADY_SUBSCRIBED";

	public static final String CONFIRMED = "CONFIRMED";

	public static final String UNSUBSCRIBED = "UNSUBSCRIBED";

	public static final String EXPORT_REQUESTED = "EXPORT_REQUESTED";

	public static final String BOUNCED = "BOUNCED";

	/** A soft bounce (a full mailbox, a server down): counted, nothing changes yet. */
	public static final String SOFT_BOUNCED = "SOFT_BOUNCED";

	/**
	 * The reader changed their preferences (name, topics, how often) from their
	 * preference page, or an admin did through the API (the detail says so).
	 */
	public static final String PREFERENCES_CHANGED = "PREFERENCES_CHANGED";

	/** The reader paused the newsletter (the detail says until when), or resumed it. */
	public static final String PAUSED = "PAUSED";

	public static final String RESUMED = "RESUMED";

	/** The reader said whether the links they click in our e-mails may be recorded. */
	public static final String CLICK_TRACKING = "CLICK_TRACKING";

	/**
	 * The reader asked to move to another address (the detail names it); nothing changes
	 * until the link mailed there is used.
	 */
	public static final String ADDRESS_CHANGE_REQUESTED = "ADDRESS_CHANGE_REQUESTED";

	/** The link mailed to the new address was used: the detail says from what to what. */
	public static final String ADDRESS_CHANGED = "ADDRESS_CHANGED";

	/** The reader called a message spam: unsubscribed and suppressed. */
	public static final String COMPLAINED = "COMPLAINED";

	/**
	 * Written by the V6 migration: another row whose address differed only in case became
	 * this reader.
	 */
	static final String MERGED = "MERGED";

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Long subscriberId;

	private String type;

	private Instant occurredAt;

	private String detail;

	protected SubscriberEvent() {
	}

	public SubscriberEvent(Long subscriberId, String type, Instant occurredAt, String detail) {
		this.subscriberId = subscriberId;
		this.type = type;
		this.occurredAt = occurredAt;
		this.detail = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
	}

	Long getSubscriberId() {
		return subscriberId;
	}

	String getType() {
		return type;
	}

	Instant getOccurredAt() {
		return occurredAt;
	}

	String getDetail() {
		return detail;
	}

}
