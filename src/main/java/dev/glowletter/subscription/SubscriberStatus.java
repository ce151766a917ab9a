package dev.glowletter.subscription;

/** Where a reader stands with the list. */
public enum SubscriberStatus {

	/** Asked to subscribe, has not confirmed yet: gets no newsletter. */
	PENDING,
	/** Confirmed: gets the newsletter. */
	CONFIRMED,
	/** Left the list. */
	UNSUBSCRIBED,
	/** Their mailbox refused our mail for good. */
	BOUNCED

}
