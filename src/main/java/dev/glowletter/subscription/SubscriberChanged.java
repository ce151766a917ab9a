package dev.glowletter.subscription;

import java.time.Instant;

/**
 * A reader's subscription changed: confirmed, unsubscribed, bounced, complained about a
 * message, or updated (their name, topics, frequency, pause, time zone, address, click
 * tracking). Published synchronously inside the transaction that makes the change, so a
 * listener's writes commit or roll back with it. Not published for a CSV import's readers
 * (thousands at once) nor for an erasure.
 *
 * @param subscriberId the reader
 * @param email their address (as they read it, Unicode), after the change
 * @param firstName their first name, or null
 * @param status their status after the change
 * @param change what happened
 * @param detail what the reader's history says about it (what changed, the reason given,
 * the bounce's diagnostic), or null
 * @param occurredAt when
 */
public record SubscriberChanged(long subscriberId, String email, String firstName, SubscriberStatus status,
		Change change, String detail, Instant occurredAt) {

	/** What happened to the reader. */
	public enum Change {

		CONFIRMED, UNSUBSCRIBED, BOUNCED, COMPLAINED, UPDATED

	}

}
