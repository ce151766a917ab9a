package dev.glowletter.subscription.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import dev.glowletter.delivery.CampaignDeliveries;
import dev.glowletter.subscription.EmailAddress;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns for sign-ups: at most {@code glowletter.subscription.concurrent-signups} run at
 * once, each holding a database connection for a few milliseconds (stored in groups,
 * {@code group-size}, in groups on one connection each). One beyond them waits its turn,
 * first come first served, for at most {@code glowletter.subscription.signup-queue-wait};
 * then it is told to come back ({@code 503} with {@code Retry-After}). So a flood beyond
 * what the machine can take is answered instead of piling up in front of the connection
 * pool, and the rest of the service (the admin, the outbox) keeps its connections and its
 * share of the CPU.
 * <p>
 * While this instance sends a campaign, at most {@code signups-per-second-while-sending}
 * are taken, and the wait is longer ({@code signup-queue-wait-while-sending}): a flood's
 * senders, each waiting for its answer before it sends again, then send fewer requests,
 * and what each costs (the request read, its body parsed, the answer written) stays small
 * beside the campaign.
 * <p>
 * Sign-ups of one address (a reader's double-clicks) line up before they ask for a turn,
 * by the same hash as {@link AddressLocks}: they would only wait for each other inside,
 * holding turns that others could use, and a reader who clicks ten times at once gets ten
 * answers, not "busy". Across instances the database's address lock is what counts; this
 * one only keeps the turns for work that can go on.
 */
@Component
class SignupGate {

	/**
	 * Sign-ups waiting for a turn beyond which the next is answered "busy" at once (after
	 * the same wait, without a thread; see {@link SignupShedding}), so that waiting
	 * sign-ups never hold all request threads; and sign-ups of one address waiting for
	 * each other beyond which the next is answered "busy".
	 */
	static final int MAX_WAITING = 48;

	/** How long sign-ups of one address wait for each other before "busy". */
	private static final long SAME_ADDRESS_WAIT_SECONDS = 10;

	private final Semaphore turns;

	private final Bucket whileSending;

	private final int perSecondWhileSending;

	private final BooleanSupplier sending;

	private final long waitNanos;

	private final long waitWhileSendingNanos;

	private final ReentrantLock[] addresses = new ReentrantLock[AddressLocks.SLOTS];

	private final int size;

	/**
	 * With sign-ups in groups, a turn holds no connection: the groups do, one each
	 * ({@link SignupGroups#LANES} of them). The gate then lets in as many as one group
	 * takes ({@link SignupGroups#largest()}, {@code group-size}), so a group can take all
	 * of them that wait: larger groups, fewer commits (docs/performance.md).
	 */
	@Autowired
	SignupGate(SubscriptionProperties properties, CampaignDeliveries deliveries, SignupGroups groups) {
		this(properties, groups.isOn() ? groups.largest() : properties.concurrentSignups(), deliveries::sendingNow);
	}

	SignupGate(SubscriptionProperties properties, BooleanSupplier sending) {
		this(properties, properties.concurrentSignups(), sending);
	}

	/**
	 * @param size how many sign-ups are handled at once
	 */
	SignupGate(SubscriptionProperties properties, int size, BooleanSupplier sending) {
		this.size = size;
		this.turns = new Semaphore(size, true);
		int perSecond = properties.signupsPerSecondWhileSending();
		this.perSecondWhileSending = perSecond;
		this.whileSending = Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
			.build();
		this.sending = sending;
		this.waitNanos = properties.signupQueueWait().toNanos();
		this.waitWhileSendingNanos = properties.signupQueueWaitWhileSending().toNanos();
		for (int i = 0; i < addresses.length; i++) {
			addresses[i] = new ReentrantLock(true);
		}
	}

	/** A sign-up's turn; closing it lets the next one go. */
	final class Turn implements AutoCloseable {

		private final ReentrantLock address;

		private Turn(ReentrantLock address) {
			this.address = address;
		}

		@Override
		public void close() {
			turns.release();
			address.unlock();
		}

	}

	/**
	 * Whether a sign-up arriving now should be answered "busy" without trying, and after
	 * how long: when more wait for a turn than can get one in their wait (while a
	 * campaign is sent, more than its sign-ups per second; else {@link #MAX_WAITING}).
	 * Negative when it should try.
	 */
	long shedWaitNanos() {
		boolean campaign = sending.getAsBoolean();
		int waiting = waiting();
		if (campaign ? waiting >= perSecondWhileSending : waiting >= MAX_WAITING) {
			return campaign ? waitWhileSendingNanos : waitNanos;
		}
		return -1;
	}

	/** How many sign-ups of the address wait for those before them (an estimate). */
	int waitingFor(EmailAddress email) {
		return addresses[AddressLocks.slot(email)].getQueueLength();
	}

	/** How many sign-ups are handled at once: the turns there are. */
	int size() {
		return size;
	}

	/** How many sign-ups wait for a turn now (an estimate, as the moment passes). */
	int waiting() {
		return turns.getQueueLength();
	}

	/** One of the sign-ups of this second while sending, waiting for it if need be. */
	private boolean takenWhileSending(long waitNanos) throws InterruptedException {
		// the bucket waits only a positive time
		return waitNanos > 0 ? whileSending.asBlocking().tryConsume(1, waitNanos) : whileSending.tryConsume(1);
	}

	/**
	 * Waits for the address's sign-ups before it, then for a turn; null when either took
	 * too long. Called and closed on one thread.
	 */
	Turn enter(EmailAddress email) {
		ReentrantLock address = addresses[AddressLocks.slot(email)];
		boolean turn = false;
		if (address.getQueueLength() >= MAX_WAITING) {
			// a flood of one address would hold request threads for its turns
			return null;
		}
		try {
			if (!address.tryLock(SAME_ADDRESS_WAIT_SECONDS, TimeUnit.SECONDS)) {
				return null;
			}
			boolean campaign = sending.getAsBoolean();
			long wait = campaign ? waitWhileSendingNanos : waitNanos;
			long deadline = System.nanoTime() + wait;
			if (turns.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
				turn = true;
				if (!campaign || takenWhileSending(deadline - System.nanoTime())) {
					return new Turn(address);
				}
				// the rate cannot take it within its wait (the bucket says so at once):
				// answered at once, a flood's sender would send again at once, as many
				// times a second as there are turns beyond the rate; so it is told after
				// its wait, holding its turn, as one waiting for a turn would be
				TimeUnit.NANOSECONDS.sleep(deadline - System.nanoTime());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (turn) {
			turns.release();
		}
		if (address.isHeldByCurrentThread()) {
			address.unlock();
		}
		return null;
	}

}
