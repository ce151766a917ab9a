package dev.glowletter.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * How a campaign's delivery stands, from counters kept batch by batch (cheap to read
 * every second, however long the list).
 *
 * @param recipients copies queued when the campaign started
 * @param queued copies not yet sent nor given up (including those being sent right now)
 * @param skipped readers who left the list after the queue was filled
 * @param retried temporary failures that were tried again
 * @param lastProgressAt when a copy was last sent, failed or skipped (null before the
 * first)
 * @param queuedAt when filling the queue began
 * @param filling whether readers are still being added to the queue
 */
public record DeliveryProgress(int recipients, int sent, int failed, int skipped, int queued, int retried, String state,
		String stateReason, Instant lastProgressAt, Instant queuedAt, boolean filling) {

	static final DeliveryProgress NONE = new DeliveryProgress(0, 0, 0, 0, 0, 0, null, null, null, null, false);

	/**
	 * Active with copies left, yet nothing went for the given time: something is stuck.
	 */
	public boolean stalledAt(Instant now, Duration after) {
		Instant last = lastProgressAt != null ? lastProgressAt : queuedAt;
		return "ACTIVE".equals(state) && queued > 0 && last != null && last.plus(after).isBefore(now);
	}
}
