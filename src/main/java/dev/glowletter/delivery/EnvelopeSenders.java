package dev.glowletter.delivery;

/**
 * The port through which delivery asks what envelope sender (SMTP {@code MAIL FROM}) each
 * message goes out with, so that a bounce mailed back to it names the message it is about
 * (VERP). The feedback module implements it; without an implementation, or when it
 * answers null, a message goes out with the configured sender's address.
 */
public interface EnvelopeSenders {

	/** The envelope sender of a reader's copy of a campaign; null for the default. */
	String ofCampaignCopy(long campaignId, long subscriberId);

	/**
	 * The envelope sender of a mail from the outbox (a confirmation, a test send); null
	 * for the default.
	 * @param subscriberId the reader it is for, or null (an admin's test send)
	 */
	String ofOutboxMessage(long messageId, Long subscriberId);

}
