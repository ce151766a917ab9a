package dev.glowletter.subscription;

import java.time.Duration;

/**
 * A sign-up (or a reader's request) over a limit: nothing was stored, nothing sent. The
 * answer says when to come back ({@code Retry-After}). The message is English (the JSON
 * API's problem detail); {@link #text()} is its key in the reader's bundle
 * ({@code messages/reader*.properties}), for the reader's page in the list's language.
 */
public class TooManyRequests extends RuntimeException {

	private final Duration retryAfter;

	private final String text;

	public TooManyRequests(String message, String text, Duration retryAfter) {
		super(message);
		this.text = text;
		this.retryAfter = retryAfter;
	}

	/** The message's key in the reader's bundle, e.g. {@code tooMany.signupsFromIp}. */
	public String text() {
		return text;
	}

	/** Whole seconds until a new try can succeed, at least one. */
	public long retryAfterSeconds() {
		return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
	}

}
