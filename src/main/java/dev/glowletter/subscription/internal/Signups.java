package dev.glowletter.subscription.internal;

import java.time.Duration;
import java.util.Map;

import dev.glowletter.InvalidInput;
import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.ReaderFields;
import dev.glowletter.subscription.ReaderTopics;
import dev.glowletter.subscription.SubscribeRequest;
import dev.glowletter.subscription.Subscriptions;
import dev.glowletter.subscription.TooManyRequests;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * What every sign-up door (page, embed, API) does with what it was sent: bots are let
 * down quietly, bad fields are refused, floods are stopped (per IP address, and beyond
 * what the service takes at once, see {@link SignupGate}), and the rest goes to
 * {@link Subscriptions}, in groups that share a commit ({@link SignupGroups}).
 */
@Component
class Signups {

	private static final int ATTEMPTS = 3;

	private final Subscriptions subscriptions;

	private final IpRateLimiter ipLimiter;

	private final SignupGate gate;

	private final SignupGroups groups;

	private final ObjectProvider<ReaderTopics> readerTopics;

	private final ObjectProvider<ReaderFields> readerFields;

	Signups(Subscriptions subscriptions, IpRateLimiter ipLimiter, SignupGate gate, SignupGroups groups,
			ObjectProvider<ReaderTopics> readerTopics, ObjectProvider<ReaderFields> readerFields) {
		this.subscriptions = subscriptions;
		this.groups = groups;
		this.readerFields = readerFields;
		this.readerTopics = readerTopics;
		this.ipLimiter = ipLimiter;
		this.gate = gate;
	}

	/**
	 * More sign-ups at once than the service takes: this one was not stored, and may be
	 * sent again in a moment.
	 */
	static class Busy extends RuntimeException {

		static final int RETRY_AFTER_SECONDS = 2;

		static final String MESSAGE = "Many people are signing up right now. Please try again in a moment.";

		/** {@link #MESSAGE}'s key in the reader's bundle. */
		static final String TEXT = "tooMany.busy";

		Busy() {
			super(MESSAGE);
		}

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
	 * @throws Busy when too many sign-ups are under way
	 */
	void accept(SignupForm form, ConsentSource source, HttpServletRequest request) {
		if (form.isBot()) {
			return;
		}
		Map<String, String> problems = form.problems(readerTopics.getIfAvailable(), readerFields.getIfAvailable());
		if (!problems.isEmpty()) {
			throw new Invalid(problems);
		}
		Duration wait = ipLimiter.acquire(request.getRemoteAddr());
		if (!wait.isZero()) {
			throw new TooManyRequests(Subscriptions.SIGNUPS_FROM_IP, Subscriptions.SIGNUPS_FROM_IP_TEXT, wait);
		}
		SubscribeRequest subscribe = form.toRequest(source, request.getRemoteAddr(), request.getHeader("User-Agent"));
		try (SignupGate.Turn turn = gate.enter(subscribe.email())) {
			if (turn == null) {
				throw new Busy();
			}
			if (groups.subscribe(subscribe)) {
				return;
			}
			// its group failed: alone, as if there were no groups
			for (int attempt = 1;; attempt++) {
				try {
					subscriptions.subscribe(subscribe);
					return;
				}
				catch (DataIntegrityViolationException | PessimisticLockingFailureException raced) {
					// an import added the address meanwhile, or its turn took too long:
					// the next try finds the row, or its turn
					if (attempt == ATTEMPTS) {
						throw raced;
					}
				}
			}
		}
	}

}
