package dev.glowletter.subscription.internal;

import java.sql.DatabaseMetaData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

import dev.glowletter.subscription.SubscribeRequest;
import dev.glowletter.subscription.Subscriptions;
import dev.glowletter.subscription.TooManyRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Sign-ups stored in groups: those that arrive while others are being stored wait a
 * moment and then go together, in one transaction, with one commit (a group commit). Each
 * gets what it would get alone; the group asks each of a sign-up's queries once for all
 * of them, and writes their rows in one batch per table
 * ({@link Subscriptions#subscribeAll}).
 * <p>
 * At most {@code lanes} groups are stored at once, each by the request thread that found
 * a lane free (or was handed one): it leads groups until its own sign-up is stored, then
 * hands its lane to the first sign-up still waiting. The others wait without a
 * connection. A group takes every sign-up waiting, up to all that are let in at once
 * ({@link SignupGate}): the fewer commits, the less H2 writes. A group locks its
 * addresses in the order of their lock slots, so two groups (of two instances) never wait
 * for each other in a circle.
 * <p>
 * A sign-up refused for its limits is refused alone: the check comes before it writes
 * anything, and the group goes on. When the group fails otherwise (a database error, an
 * import that added an address meanwhile), nothing of it is kept, and each of its
 * sign-ups is stored again alone, on its own thread, as if there were no groups.
 * <p>
 * Groups are on where a commit costs most ({@code glowletter.subscription.group-commit},
 * unset: on H2, off on PostgreSQL; see docs/performance.md).
 */
@Component
class SignupGroups {

	private static final Logger log = LoggerFactory.getLogger(SignupGroups.class);

	private final Store store;

	private final int largest;

	private final boolean on;

	private final ReentrantLock lock = new ReentrantLock();

	private final ArrayDeque<Member> waiting = new ArrayDeque<>();

	private int freeLanes;

	@Autowired
	SignupGroups(Subscriptions subscriptions, SubscriptionProperties properties, DataSource dataSource) {
		// a turn at the gate holds no connection: the gate lets in this many, and a
		// group may take every one of them waiting (SignupGate)
		this(subscriptions::subscribeAll, properties.groupSize(), properties.groupLanes(),
				properties.groupCommit() != null ? properties.groupCommit() : isH2(dataSource));
		log.info("Sign-ups arriving together {} a commit", on ? "share" : "do not share");
	}

	/**
	 * @param store stores a group in one transaction
	 * @param largest the most sign-ups in one group
	 * @param lanes the most groups stored at once
	 * @param on false: each sign-up is stored alone, by its caller
	 */
	SignupGroups(Store store, int largest, int lanes, boolean on) {
		this.store = store;
		this.largest = largest;
		this.freeLanes = lanes;
		this.on = on;
	}

	/** The most sign-ups in one group. */
	int largest() {
		return largest;
	}

	/** Whether sign-ups are stored in groups at all. */
	boolean isOn() {
		return on;
	}

	/**
	 * H2 (2.3) writes the changes to its file at each commit, in the committing thread:
	 * on a file that grows, 40% of a sign-up's CPU when each is its own transaction.
	 */
	private static boolean isH2(DataSource dataSource) {
		try {
			return "H2".equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Cannot tell which database this is", ex);
		}
	}

	/** Stores a group of sign-ups in one transaction, in their order. */
	@FunctionalInterface
	interface Store {

		/**
		 * @return per sign-up, in their order, null when it was stored, or why it was
		 * refused (nothing of it was stored)
		 * @throws RuntimeException when the transaction failed: nothing was stored
		 */
		List<TooManyRequests> subscribeAll(List<SubscribeRequest> requests);

	}

	/** A sign-up and its thread, waiting for its group. */
	private static final class Member {

		final SubscribeRequest request;

		final Thread thread = Thread.currentThread();

		/** Stored (or refused, or to be stored alone). */
		volatile boolean done;

		/** Holds a lane: leads groups until its own is done, then hands the lane on. */
		volatile boolean lane;

		TooManyRequests refused;

		/** Its group failed, or has not been stored yet: nothing of it was kept. */
		boolean alone = true;

		Member(SubscribeRequest request) {
			this.request = request;
		}

	}

	/**
	 * Stores the sign-up with those that arrive with it; returns when it is committed.
	 * @return true when it was stored; false when groups are off, or its group failed,
	 * and nothing of it was kept: the caller stores it alone
	 * @throws TooManyRequests when the IP or the address was over its limit (nothing was
	 * stored)
	 */
	boolean subscribe(SubscribeRequest request) {
		if (!on) {
			return false;
		}
		Member me = new Member(request);
		lock.lock();
		try {
			waiting.addLast(me);
			if (freeLanes > 0) {
				freeLanes--;
				me.lane = true;
			}
		}
		finally {
			lock.unlock();
		}
		boolean interrupted = false;
		while (true) {
			// done before lane: a lane handed on is seen by the time the sign-up is done
			boolean done = me.done;
			if (me.lane) {
				lead(me);
			}
			else if (done) {
				break;
			}
			else {
				LockSupport.park(this);
				interrupted |= Thread.interrupted();
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		if (me.refused != null) {
			throw me.refused;
		}
		return !me.alone;
	}

	/**
	 * Stores groups until the leader's own sign-up is in one (or nobody is left), then
	 * hands the lane on; also when the sign-up was done by another lane's group before
	 * this one took the lane it was handed.
	 */
	private void lead(Member me) {
		try {
			while (!me.done) {
				List<Member> group = next();
				if (group.isEmpty()) {
					// another lane's group has this sign-up: it is done when that one is
					break;
				}
				store(group);
			}
		}
		finally {
			handOn(me);
		}
	}

	/** The first sign-ups waiting, as many as a group takes. */
	private List<Member> next() {
		lock.lock();
		try {
			List<Member> group = new ArrayList<>(Math.min(largest, waiting.size()));
			while (group.size() < largest && !waiting.isEmpty()) {
				group.add(waiting.pollFirst());
			}
			return group;
		}
		finally {
			lock.unlock();
		}
	}

	private void handOn(Member me) {
		lock.lock();
		try {
			me.lane = false;
			Member next = waiting.peekFirst();
			if (next == null) {
				freeLanes++;
			}
			else {
				next.lane = true;
				LockSupport.unpark(next.thread);
			}
		}
		finally {
			lock.unlock();
		}
	}

	private void store(List<Member> group) {
		// addresses locked in one order by every group: no two wait for each other
		group.sort(Comparator.comparingInt(member -> AddressLocks.slot(member.request.email())));
		try {
			List<TooManyRequests> outcomes = store.subscribeAll(group.stream().map(member -> member.request).toList());
			for (int i = 0; i < group.size(); i++) {
				group.get(i).refused = outcomes.get(i);
				group.get(i).alone = false;
			}
		}
		catch (RuntimeException ex) {
			if (group.size() == 1) {
				log.debug("A sign-up failed; it is tried again alone", ex);
			}
			else {
				log.debug("A group of {} sign-ups failed; each is tried again alone", group.size(), ex);
			}
		}
		finally {
			for (Member member : group) {
				member.done = true;
				LockSupport.unpark(member.thread);
			}
		}
	}

}
