package dev.glowletter.subscription.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.glowletter.subscription.EmailAddress;
import org.springframework.stereotype.Component;

/**
 * Turns for sign-ups: at most {@code glowletter.subscription.concurrent-signups} run at
 * once, each holding a database connection for a few milliseconds. One beyond them waits
 * its turn, first come first served, for at most
 * {@code glowletter.subscription.signup-queue-wait}; then it is told to come back
 * ({@code 503} with {@code Retry-After}). So a flood beyond what the machine can take is
 * answered fast instead of piling up in front of the connection pool, and the rest of the
 * service (the admin, a campaign being sent, the outbox) keeps its connections and its
 * share of the CPU.
 * <p>
 * Sign-ups of one address (a reader's double-clicks) line up before they ask for a turn,
 * by the same hash as {@link AddressLocks}: they would only wait for each other inside,
 * holding turns that others could use, and a reader who clicks ten times at once gets ten
 * answers, not "busy". Across instances the database's address lock is what counts; this
 * one only keeps the turns for work that can go on.
 */
@Component
class SignupGate {

	/** How long sign-ups of one address wait for each other before "busy". */
	private static final long SAME_ADDRESS_WAIT_SECONDS = 10;

	private final Semaphore turns;

	private final long waitNanos;

	private final ReentrantLock[] addresses = new ReentrantLock[AddressLocks.SLOTS];

	SignupGate(SubscriptionProperties properties) {
		this.turns = new Semaphore(properties.concurrentSignups(), true);
		this.waitNanos = properties.signupQueueWait().toNanos();
		for (int i = 0; i < addresses.length; i++) {
			addresses[i] = new ReentrantLock(true);
		}
	}

	/**
	 * Waits for the address's sign-ups before it, then for a turn; false when either took
	 * too long. A true must be followed by {@link #leave}.
	 */
	boolean enter(EmailAddress email) {
		ReentrantLock address = addresses[AddressLocks.slot(email)];
		try {
			if (!address.tryLock(SAME_ADDRESS_WAIT_SECONDS, TimeUnit.SECONDS)) {
				return false;
			}
			if (turns.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
				return true;
			}
			address.unlock();
			return false;
		}
		catch (InterruptedException ex) {
			if (address.isHeldByCurrentThread()) {
				address.unlock();
			}
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Ends a turn that {@link #enter} gave. */
	void leave(EmailAddress email) {
		turns.release();
		addresses[AddressLocks.slot(email)].unlock();
	}

}
