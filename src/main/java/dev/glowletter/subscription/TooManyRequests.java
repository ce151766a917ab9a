package dev.glowletter.subscription;

/** A sign-up over the rate limit: nothing was stored, nothing sent. */
public class TooManyRequests extends RuntimeException {

	public TooManyRequests(String message) {
		super(message);
	}

}
