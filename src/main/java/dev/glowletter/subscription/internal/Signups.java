package dev.glowletter.subscription.internal;

import java.util.Map;

import dev.glowletter.InvalidInput;
import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.SubscribeRequest;
import dev.glowletter.subscription.Subscriptions;
import dev.glowletter.subscription.TooManyRequests;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * What every sign-up door (page, embed, API) does with what it was sent: bots are let
 * down quietly, bad fields are refused, floods are stopped, and the rest goes to
 * {@link Subscriptions}.
 */
@Component
class Signups {

	private static final int ATTEMPTS = 3;

	private final Subscriptions subscriptions;

	private final IpRateLimiter ipLimiter;

	Signups(Subscriptions subscriptions, IpRateLimiter ipLimiter) {
		this.subscriptions = subscriptions;
		this.ipLimiter = ipLimiter;
	}

	/** A sign-up with fields that cannot be used; nothing was stored. */
	static class Invalid extends InvalidInput {

		Invalid(Map<String, String> problems) {
			super(String.join(" ", problems.values()), problems);
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
			throw new TooManyRequests(
					"Too many sign-ups came from your network in the last hour. Please try again later.");
		}
		SubscribeRequest subscribe = form.toRequest(source, request.getRemoteAddr(), request.getHeader("User-Agent"));
		for (int attempt = 1;; attempt++) {
			try {
				subscriptions.subscribe(subscribe);
				return;
			}
			catch (DataIntegrityViolationException | PessimisticLockingFailureException raced) {
				// an import added the address meanwhile, or its turn took too long: the
				// next try finds the row, or its turn
				if (attempt == ATTEMPTS) {
					throw raced;
				}
			}
		}
	}

}
