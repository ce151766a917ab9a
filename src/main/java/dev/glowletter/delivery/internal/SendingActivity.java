package dev.glowletter.delivery.internal;

import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Whether this instance is sending a campaign: when its workers last claimed copies, or
 * it last queued some. Others (the sign-up) hold back while it is, so that a campaign
 * keeps its share of the machine.
 */
@Component
public class SendingActivity {

	/** Work this recent means a campaign is going out. */
	private static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(3);

	/** When copies were last claimed or queued; "long ago" until they are. */
	private volatile long last = System.nanoTime() - RECENT_NANOS;

	/** Copies were claimed or queued just now. */
	public void sending() {
		last = System.nanoTime();
	}

	/** True when copies were claimed or queued in the last three seconds. */
	public boolean recently() {
		return System.nanoTime() - last < RECENT_NANOS;
	}

}
