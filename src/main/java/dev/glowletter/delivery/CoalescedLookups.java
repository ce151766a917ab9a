package dev.glowletter.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Lookups by key that share their queries: a caller whose key comes while as many queries
 * run as may waits, and the next query answers every key that came in the meantime.
 * Alone, a caller runs its own query at once (no hand-over to another thread); under
 * load, one round trip to the database answers many requests, so the database's work per
 * request falls as the load grows, while each answer is as fresh as a query of its own
 * made when it asked.
 *
 * @param <V> what a key is looked up as
 */
final class CoalescedLookups<V> {

	/** Keys in one query, at most (more wait for the next). */
	static final int MOST_KEYS = 256;

	private final Function<List<Long>, Map<Long, V>> query;

	private final ReentrantLock lock = new ReentrantLock();

	/** Callers whose keys wait for the next query, in their order. */
	private final List<Lookup<V>> waiting = new ArrayList<>();

	/** Queries running, at most {@link #parallel}. */
	private int querying;

	private final int parallel;

	/**
	 * @param parallel queries that may run at once (a caller who finds them all running
	 * waits, and its key goes with the next)
	 * @param query the values of the keys found among the given ones (a power of two of
	 * them: the last key repeated pads the list, so the database sees a few statements)
	 */
	CoalescedLookups(int parallel, Function<List<Long>, Map<Long, V>> query) {
		this.parallel = parallel;
		this.query = query;
	}

	/** The value of this key, empty when the query did not find it. */
	Optional<V> find(long key) {
		Lookup<V> mine = new Lookup<>(key, this.lock.newCondition());
		List<Lookup<V>> batch;
		this.lock.lock();
		try {
			this.waiting.add(mine);
			// woken when answered, or when first in line while a query may start
			while (!mine.done && (mine.taken || this.querying == this.parallel)) {
				mine.woken.awaitUninterruptibly();
			}
			if (mine.done) {
				return mine.answer();
			}
			this.querying++;
			this.waiting.remove(mine);
			List<Lookup<V>> others = this.waiting.subList(0, Math.min(this.waiting.size(), MOST_KEYS - 1));
			batch = new ArrayList<>(MOST_KEYS);
			batch.add(mine);
			batch.addAll(others);
			others.clear();
			batch.forEach((taken) -> taken.taken = true);
		}
		finally {
			this.lock.unlock();
		}
		Map<Long, V> found = null;
		RuntimeException failure = null;
		try {
			found = this.query.apply(padded(batch.stream().map(Lookup::key).distinct().toList()));
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		this.lock.lock();
		try {
			for (Lookup<V> lookup : batch) {
				lookup.answer(found, failure);
			}
			this.querying--;
			if (!this.waiting.isEmpty()) {
				this.waiting.get(0).woken.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
		return mine.answer();
	}

	/** Callers waiting for a query (for tests). */
	int waiting() {
		this.lock.lock();
		try {
			return this.waiting.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private static List<Long> padded(List<Long> keys) {
		int size = Integer.highestOneBit(keys.size());
		if (size < keys.size()) {
			size *= 2;
		}
		List<Long> padded = new ArrayList<>(size);
		padded.addAll(keys);
		while (padded.size() < size) {
			padded.add(keys.get(keys.size() - 1));
		}
		return padded;
	}

	private static final class Lookup<V> {

		private final long key;

		private final Condition woken;

		/** In a query's batch: answered when it ends. */
		private boolean taken;

		private boolean done;

		private V value;

		private RuntimeException failure;

		Lookup(long key, Condition woken) {
			this.key = key;
			this.woken = woken;
		}

		long key() {
			return this.key;
		}

		void answer(Map<Long, V> found, RuntimeException failure) {
			this.value = (found != null) ? found.get(this.key) : null;
			this.failure = failure;
			this.done = true;
			this.woken.signal();
		}

		Optional<V> answer() {
			if (this.failure != null) {
				throw new DataAccessResourceFailureException("The lookup this one waited for failed", this.failure);
			}
			return Optional.ofNullable(this.value);
		}

	}

}
