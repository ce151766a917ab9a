package dev.glowletter.subscription.internal;

import java.util.List;

/**
 * A line of a reader's history written in plain SQL: one goes with nearly every change of
 * a reader, a sign-up's included, and is never read in the same transaction.
 */
public interface SubscriberEventRows {

	/** Writes the line; the object is not kept (its id stays unset). */
	void insert(SubscriberEvent event);

	/** {@link #insert} for each, in one batch (one round trip on PostgreSQL). */
	void insertAll(List<SubscriberEvent> events);

}
