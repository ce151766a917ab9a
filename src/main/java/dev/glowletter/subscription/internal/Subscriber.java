package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.util.Objects;

import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.Frequency;
import dev.glowletter.subscription.SubscriberStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A reader of the list. Their status changes only through the methods below, which refuse
 * moves that make no sense.
 */
@Entity
@Table(name = "subscriber")
public class Subscriber {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String email;

	/**
	 * The address lower-cased, written by the database itself (a generated column): what
	 * makes one reader.
	 */
	@Column(insertable = false, updatable = false)
	private String emailKey;

	private String firstName;

	@Enumerated(EnumType.STRING)
	@JdbcTypeCode(SqlTypes.VARCHAR)
	private SubscriberStatus status;

	private Instant createdAt;

	/**
	 * When the reader last asked to subscribe (a sign-up of the address, in any state).
	 */
	private Instant lastSignupAt;

	private Instant statusChangedAt;

	private Instant confirmedAt;

	private Instant unsubscribedAt;

	private String unsubscribeReason;

	private Instant pausedUntil;

	/** False: the reader said "don't track my clicks"; their copies link straight. */
	private boolean clickTracking = true;

	@Enumerated(EnumType.STRING)
	@JdbcTypeCode(SqlTypes.VARCHAR)
	private Frequency frequency = Frequency.EVERY;

	/** The address the reader asked to move to, until its link is used or runs out. */
	private String newEmail;

	private String newEmailTokenHash;

	private Instant newEmailExpiresAt;

	/** Their time zone, one of ReaderTimeZones.REGIONS; null: the list's. */
	private String timeZone;

	/**
	 * The hash of a confirmation link's whole token, for links mailed before they named
	 * their reader; only ever cleared now (ConfirmationTokens).
	 */
	private String confirmationTokenHash;

	/** The hash of the secret in the reader's confirmation link (ConfirmationTokens). */
	private String confirmationSecretHash;

	private Instant confirmationExpiresAt;

	@Column(name = "token_version")
	private int tokenVersion = 1;

	@Version
	private long version;

	protected Subscriber() {
	}

	public Subscriber(EmailAddress email, String firstName, Instant now) {
		this.email = email.value();
		this.firstName = firstName;
		this.status = SubscriberStatus.PENDING;
		this.createdAt = now;
		this.lastSignupAt = now;
		this.statusChangedAt = now;
	}

	/**
	 * The address asked to subscribe again: noted in every state, so that every sign-up
	 * writes the reader's row (its time must not tell the state).
	 */
	public void askedToSubscribe(Instant now) {
		this.lastSignupAt = now;
	}

	public Instant getLastSignupAt() {
		return lastSignupAt;
	}

	/**
	 * A new confirmation request: the reader is pending again (unless confirmed already)
	 * with a fresh token; an older token stops working.
	 */
	public void requestConfirmation(String secretHash, Instant expiresAt, Instant now) {
		if (status == SubscriberStatus.CONFIRMED) {
			throw new IllegalStateException("Subscriber " + id + " is confirmed already");
		}
		if (status != SubscriberStatus.PENDING) {
			this.status = SubscriberStatus.PENDING;
			this.statusChangedAt = now;
		}
		this.confirmationTokenHash = null;
		this.confirmationSecretHash = secretHash;
		this.confirmationExpiresAt = expiresAt;
	}

	/** Confirms with a valid token: single use, so the token is gone afterwards. */
	public void confirm(Instant now) {
		if (status != SubscriberStatus.PENDING) {
			throw new IllegalStateException("Subscriber " + id + " is " + status + " and cannot be confirmed");
		}
		this.status = SubscriberStatus.CONFIRMED;
		this.statusChangedAt = now;
		this.confirmedAt = now;
		this.unsubscribedAt = null;
		this.unsubscribeReason = null;
		forgetConfirmation();
	}

	/**
	 * Leaves the list; saying it twice changes nothing. Returns whether anything changed.
	 */
	public boolean unsubscribe(String reason, Instant now) {
		if (status == SubscriberStatus.UNSUBSCRIBED) {
			return false;
		}
		this.status = SubscriberStatus.UNSUBSCRIBED;
		this.statusChangedAt = now;
		this.unsubscribedAt = now;
		this.unsubscribeReason = reason;
		forgetConfirmation();
		return true;
	}

	/**
	 * Their mailbox refused our mail for good: nothing more is sent until they subscribe
	 * again. A reader who left stays so; a pending one (their confirmation bounced) is
	 * bounced too.
	 */
	public boolean bounce(Instant now) {
		if (status != SubscriberStatus.CONFIRMED && status != SubscriberStatus.PENDING) {
			return false;
		}
		forgetConfirmation();
		this.status = SubscriberStatus.BOUNCED;
		this.statusChangedAt = now;
		return true;
	}

	/** No confirmation link of the reader works any more. */
	private void forgetConfirmation() {
		this.confirmationTokenHash = null;
		this.confirmationSecretHash = null;
		this.confirmationExpiresAt = null;
	}

	/** Whether the secret is that of the reader's confirmation link (valid or not). */
	public boolean confirmationSecretIs(String secret) {
		return ConfirmationTokens.matches(secret, confirmationSecretHash);
	}

	/** Whether the pending confirmation may still be used at that time. */
	public boolean confirmationValidAt(Instant now) {
		return status == SubscriberStatus.PENDING && confirmationExpiresAt != null
				&& now.isBefore(confirmationExpiresAt);
	}

	/** No newsletter is queued for the reader until then; null resumes at once. */
	public boolean isClickTracking() {
		return clickTracking;
	}

	public void trackClicks(boolean track) {
		this.clickTracking = track;
	}

	public void pauseUntil(Instant until) {
		this.pausedUntil = until;
	}

	/** Until when the reader paused the newsletter, if they did and it is not over. */
	public Instant pausedAt(Instant now) {
		return pausedUntil != null && pausedUntil.isAfter(now) ? pausedUntil : null;
	}

	/** How often the reader wants mail; the queue fill reads it. */
	public void chooseFrequency(Frequency frequency) {
		this.frequency = frequency;
	}

	/**
	 * The reader asks to move to another address: it becomes theirs once the link with
	 * this token is used; until then everything goes to the current one. A newer request
	 * replaces an older one, whose link then stops working.
	 */
	public void requestAddressChange(EmailAddress newEmail, String tokenHash, Instant expiresAt) {
		this.newEmail = newEmail.value();
		this.newEmailTokenHash = tokenHash;
		this.newEmailExpiresAt = expiresAt;
	}

	/** The address asked for, while its link still works at that time; else null. */
	public EmailAddress newAddressValidAt(Instant now) {
		return newEmail != null && newEmailExpiresAt != null && now.isBefore(newEmailExpiresAt)
				? new EmailAddress(newEmail) : null;
	}

	/**
	 * The link to the new address was used: it is the reader's address now. Single use,
	 * like the sign-up's link. A reader whose old address bounced gets mail again: the
	 * new one has just shown it receives it. Returns the address they had.
	 */
	public EmailAddress changeAddress(Instant now) {
		EmailAddress wanted = newAddressValidAt(now);
		if (wanted == null) {
			throw new IllegalStateException("Subscriber " + id + " has no address change waiting");
		}
		EmailAddress old = getEmail();
		if (status == SubscriberStatus.BOUNCED) {
			this.status = SubscriberStatus.CONFIRMED;
			this.statusChangedAt = now;
		}
		this.email = wanted.value();
		this.newEmail = null;
		this.newEmailTokenHash = null;
		this.newEmailExpiresAt = null;
		return old;
	}

	/** The name the reader gave on their preference page; null removes it. */
	public void setFirstName(String firstName) {
		this.firstName = firstName;
	}

	public void rename(String firstName) {
		if (firstName != null && !firstName.isBlank()) {
			this.firstName = firstName;
		}
	}

	/** Moves the reader to this time zone (null: the list's); false if it is theirs. */
	public boolean moveToTimeZone(String zone) {
		if (Objects.equals(zone, timeZone)) {
			return false;
		}
		this.timeZone = zone;
		return true;
	}

	public String getTimeZone() {
		return timeZone;
	}

	public Long getId() {
		return id;
	}

	public EmailAddress getEmail() {
		return new EmailAddress(email);
	}

	public String getFirstName() {
		return firstName;
	}

	public SubscriberStatus getStatus() {
		return status;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

	public Instant getStatusChangedAt() {
		return statusChangedAt;
	}

	public Instant getConfirmedAt() {
		return confirmedAt;
	}

	public Instant getUnsubscribedAt() {
		return unsubscribedAt;
	}

	public String getUnsubscribeReason() {
		return unsubscribeReason;
	}

	public Frequency getFrequency() {
		return frequency;
	}

	/** The address the reader asked to move to, while they wait for its link. */
	public String getNewEmail() {
		return newEmail;
	}

	public Instant getPausedUntil() {
		return pausedUntil;
	}

	public int getTokenVersion() {
		return tokenVersion;
	}

}
