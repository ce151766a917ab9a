package dev.glowletter.delivery.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The pace of copies to one mailbox provider's domain: evenly spaced, at most so many a
 * second. A copy whose turn has not come is told when to come back; those told so are
 * spread out at the same pace, so that they come back one by one instead of all at once.
 */
final class DomainPace {

	private final Duration interval;

	/** When the next copy may go. */
	private Instant nextSlot = Instant.EPOCH;

	/** The time the last copy sent away was told to come back. */
	private Instant comeBack = Instant.EPOCH;

	DomainPace(int perSecond) {
		this.interval = Duration.ofNanos(1_000_000_000L / perSecond);
	}

	/** Null when a copy may go now (it takes the slot), else when it should come back. */
	synchronized Instant take(Instant now) {
		if (!nextSlot.isAfter(now)) {
			nextSlot = now.plus(interval);
			return null;
		}
		comeBack = (comeBack.isAfter(nextSlot) ? comeBack : nextSlot).plus(interval);
		return comeBack.minus(interval);
	}

}
