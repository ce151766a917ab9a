package dev.glowletter.subscription;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * What every sign-up door (page, embed, API) does with what it was sent: bots are let down
 * quietly, bad fields are refused, floods are stopped, and the rest goes to {@link Subscriptions}.
 */
@Component
class Signups {

	private final Subscriptions subscriptions;

	private final IpRateLimiter ipLimiter;

	Signups(Subscriptions subscriptions, IpRateLimiter ipLimiter) {
		this.subscriptions = subscriptions;
		this.ipLimiter = ipLimiter;
	}

	/** A sign-up with fields that cannot be used; nothing was stored. */
	static class Invalid extends RuntimeException {

		final transient Map<String, String> problems;

		Invalid(Map<String, String> problems) {
			super(String.join(" ", problems.values()));
			this.problems = problems;
		}
	}

	/**
	 * @throws Invalid when a field is wrong
	 * @throws TooManyRequests when the IP or the address is over its limit
	 */
	void accept(SignupForm form, ConsentSource source, HttpServletRequest request) {
		if (form.isBot()) {
			return;
		}
		Map<String, String> problems = form.problems();
		if (!problems.isEmpty()) {
			throw new Invalid(problems);
		}
		if (!ipLimiter.tryAcquire(request.getRemoteAddr())) {
			throw new TooManyRequests("Too many sign-ups came from your network in the last hour. Please try again later.");
		}
		SubscribeRequest subscribe = form.toRequest(source, request.getRemoteAddr(), request.getHeader("User-Agent"));
		try {
			subscriptions.subscribe(subscribe);
		}
		catch (DataIntegrityViolationException raced) {
			// the same new address was sent twice at once: the second try finds the first one's row
			subscriptions.subscribe(subscribe);
		}
	}
}
