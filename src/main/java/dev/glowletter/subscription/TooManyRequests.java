package dev.glowletter.subscription;

import java.time.Duration;

/**
 * A sign-up (or a reader's request) over a limit: nothing was stored, nothing sent. The
 * answer says when to come back ({@code Retry-After}).
 */
public class TooManyRequests extends RuntimeException {

	private final Duration retryAfter;

	public TooManyRequests(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/** Whole seconds until a new try can succeed, at least one. */
	public long retryAfterSeconds() {
		return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
	}

}
