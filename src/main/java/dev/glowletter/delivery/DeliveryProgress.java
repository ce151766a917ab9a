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
 * @param releasedAt sent at a local time: when the last zone whose time has come was
 * released (null otherwise, or before the first)
 * @param waitingUntil sent at a local time: when the next copy is due, if none is due now
 */
public record DeliveryProgress(int recipients, int sent, int failed, int skipped, int queued, int retried, String state,
		String stateReason, Instant lastProgressAt, Instant queuedAt, boolean filling, Instant releasedAt,
		Instant waitingUntil) {

	static final DeliveryProgress NONE = new DeliveryProgress(0, 0, 0, 0, 0, 0, null, null, null, null, false);

	public DeliveryProgress(int recipients, int sent, int failed, int skipped, int queued, int retried, String state,
			String stateReason, Instant lastProgressAt, Instant queuedAt, boolean filling) {
		this(recipients, sent, failed, skipped, queued, retried, state, stateReason, lastProgressAt, queuedAt, filling,
				null, null);
	}

	/**
	 * Active with copies due, yet nothing went for the given time (since the last zone
	 * was released, for a campaign at a local time): something is stuck.
	 */
	public boolean stalledAt(Instant now, Duration after) {
		if (waitingUntil != null && waitingUntil.isAfter(now)) {
			return false; // the copies left wait for their zone's time
		}
		Instant last = lastProgressAt != null ? lastProgressAt : queuedAt;
		if (releasedAt != null && (last == null || releasedAt.isAfter(last))) {
			last = releasedAt;
		}
		return "ACTIVE".equals(state) && queued > 0 && last != null && last.plus(after).isBefore(now);
	}
}
