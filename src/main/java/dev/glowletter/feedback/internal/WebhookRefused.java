package dev.glowletter.feedback.internal;

/**
 * A provider's webhook call that is not taken, with the HTTP status to answer it with.
 * <p>
 * The statuses:
 * <ul>
 * <li>400: the call is authentic, but what it carries cannot be read (not JSON, not the
 * provider's shape, an event without its id);</li>
 * <li>401: credentials or a signature are missing or wrong, or the call cannot be shown
 * to be signed (a body where no signature can be read, an unknown signature version, a
 * certificate URL off Amazon SNS, a certificate out of its validity);</li>
 * <li>403: authentic but not to be taken: a signed timestamp more than five minutes from
 * the clock (either way), a topic that is not accepted;</li>
 * <li>413: a body over 1 MB or one naming more than 1,000 events.</li>
 * </ul>
 * The size is checked first, then the signature, then the rest: a 403 or a 400 is only
 * answered to a caller who proved to be the provider, except for an unaccepted SNS topic,
 * which is refused before its certificate is fetched.
 * <p>
 * The reason is short and safe to log: it never holds the body, a credential, a token or
 * a signature. No stack trace is kept: a refusal is an answer, not a fault.
 */
public final class WebhookRefused extends RuntimeException {

	private final int status;

	private WebhookRefused(int status, String reason) {
		super(reason, null, false, false);
		this.status = status;
	}

	static WebhookRefused unreadable(String reason) {
		return new WebhookRefused(400, reason);
	}

	static WebhookRefused unauthorized(String reason) {
		return new WebhookRefused(401, reason);
	}

	static WebhookRefused notAccepted(String reason) {
		return new WebhookRefused(403, reason);
	}

	static WebhookRefused tooLarge(String reason) {
		return new WebhookRefused(413, reason);
	}

	/**
	 * The HTTP status to answer the call with.
	 * @return 400, 401, 403 or 413, as the class describes
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Whether the call is authentic but refused (a stale timestamp, an unaccepted topic).
	 * @return true for a 403
	 */
	public boolean forbidden() {
		return this.status == 403;
	}

}
