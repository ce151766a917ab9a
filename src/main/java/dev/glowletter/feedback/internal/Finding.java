package dev.glowletter.feedback.internal;

/**
 * What a report or a provider says became of one message to one address.
 *
 * @param kind a hard bounce, a soft one, or a complaint
 * @param recipient the address the report names (as written there; may be null when the
 * report names none, e.g. a redacted complaint)
 * @param status the enhanced status code (RFC 3463, e.g. {@code 5.1.1}) when there is
 * one, else null
 * @param diagnostic what the receiving server or the provider said, one line, at most
 * 1,000 characters; may be null
 */
public record Finding(Kind kind, String recipient, String status, String diagnostic) {

	/** What a finding means for the reader. */
	public enum Kind {

		/**
		 * Permanent: the address does not take mail (5.x.x, the provider's permanent
		 * type).
		 */
		HARD_BOUNCE,

		/** Transient: a full mailbox, a greylisting, a server down (4.x.x). */
		SOFT_BOUNCE,

		/** The reader called the message spam (ARF, the provider's complaint event). */
		COMPLAINT

	}

}
