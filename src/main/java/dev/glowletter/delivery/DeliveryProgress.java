package dev.glowletter.delivery;

/**
 * How a campaign's delivery stands, from counters kept batch by batch (cheap to read every
 * second, however long the list).
 *
 * @param recipients copies queued when the campaign started
 * @param queued copies not yet sent nor given up (including those being sent right now)
 * @param skipped readers who left the list after the queue was filled
 * @param retried temporary failures that were tried again
 */
public record DeliveryProgress(int recipients, int sent, int failed, int skipped, int queued, int retried, String state,
		String stateReason) {

	static final DeliveryProgress NONE = new DeliveryProgress(0, 0, 0, 0, 0, 0, null, null);
}
