package dev.glowletter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps an H2 file near the size of its data, as H2's own background thread would.
 * <p>
 * H2 writes each commit as a new chunk of its file; the space of older chunks comes back
 * once their live pages are rewritten elsewhere and the file's end is moved into the
 * gaps, which H2 does in a background thread that it starts only when commits may wait
 * ({@code WRITE_DELAY} over 0). The default URL writes each commit before the answer
 * ({@code WRITE_DELAY=0}, so that a {@code kill -9} loses nothing answered), and without
 * this the file only grew: 10.5 GB after 290,000 sign-ups in seven minutes, 0.4 GB of it
 * data, and as large when idle (docs/performance.md).
 * <p>
 * Once a second, on a thread of its own, it looks: when no commit came since the last
 * look and less than {@link #LEAST_FILL_RATE} percent of the file holds live data, it has
 * H2 rewrite the live pages of the emptiest chunks and move the chunks at the file's end
 * into its gaps, for up to {@link #BUDGET_MILLIS}, and the end is given back. While
 * commits come it waits: compacting beside a flood of sign-ups made some of them wait
 * 0.75 s. So the file grows under a flood and shrinks in the first quiet seconds after
 * it. Nothing to do on PostgreSQL or an in-memory H2.
 * <p>
 * In each look after commits it also has the operating system write the file's changed
 * pages to the disk ({@link #sync()}), outside H2's lock. H2 itself does so only when a
 * commit gives back the file's end, holding its lock: with up to 30 s of a flood's writes
 * waiting in the system's cache, that took 70–300 ms, and every commit waited for it
 * (docs/performance.md).
 */
@Component
class H2Housekeeping implements SmartLifecycle {

	/**
	 * Below this percentage of the file holding live data, a quiet second compacts it.
	 */
	static final int LEAST_FILL_RATE = 50;

	/** Chunks with less live data than this percentage are rewritten. */
	static final int TARGET_CHUNK_FILL_RATE = 90;

	/** At most this much live data rewritten in one step. */
	static final int STEP_BYTES = 2 * 1024 * 1024;

	/**
	 * How long one compaction should take: H2 finishes the step it is in, of 16 MB, and
	 * holds its lock throughout (1.5 s on a 5 GB file, once; rounds of ~1.2 s under the
	 * sign-up bench, see docs/performance.md).
	 */
	static final int BUDGET_MILLIS = 200;

	/** Less free space than this is not worth a compaction. */
	static final long WORTH_BYTES = 16L * 1024 * 1024;

	/**
	 * Compactions in a row that neither shrank the file nor filled its chunks, after
	 * which it waits.
	 */
	static final int MISSES = 3;

	private static final long INTERVAL_MILLIS = 1000;

	private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

	private final DataSource dataSource;

	private ScheduledExecutorService executor;

	/** The file store found at the first look; null: none (PostgreSQL, in memory). */
	private MVStore store;

	private boolean looked;

	/**
	 * The file's size after {@link #MISSES} compactions in vain; 0 after one that shrank
	 * it.
	 */
	private long fruitless;

	private int misses;

	/** The store's version at the last look: a commit since makes it newer. */
	private long lastVersion = -1;

	/** The store's version at the last {@link #sync()}. */
	private long syncedVersion = -1;

	H2Housekeeping(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * One look, and the compaction when it is quiet and the file mostly free (by at least
	 * {@link #WORTH_BYTES}, and grown by as much since compactions in vain).
	 * @return the file's size after it, in bytes; -1 when there is no H2 file
	 */
	synchronized long compact() {
		MVStore mvStore = store();
		if (mvStore == null || mvStore.isClosed()) {
			return -1;
		}
		FileStore<?> file = mvStore.getFileStore();
		long version = mvStore.getCurrentVersion();
		boolean quiet = version == lastVersion;
		lastVersion = version;
		long before = file.size();
		// the share of the file in chunks, times the share of the chunks that is live
		int live = file.getFillRate() * file.getChunksFillRate() / 100;
		long free = before - before * live / 100;
		if (quiet && live < LEAST_FILL_RATE && free >= WORTH_BYTES && before >= fruitless + WORTH_BYTES) {
			// the live pages of the emptiest chunks rewritten, a step at a time, each
			// committed; then the chunks at the end of the file moved into its gaps, and
			// the end given back: half the time for each
			int chunksLive = file.getChunksFillRate();
			long start = System.nanoTime();
			long half = TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS) / 2;
			while (System.nanoTime() - start < half && mvStore.compact(TARGET_CHUNK_FILL_RATE, STEP_BYTES)) {
				mvStore.commit();
			}
			mvStore.compactFile((int) Math.max(BUDGET_MILLIS / 2,
					BUDGET_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
			lastVersion = mvStore.getCurrentVersion();
			long after = file.size();
			if (after < before || file.getChunksFillRate() > chunksLive) {
				misses = 0;
				fruitless = 0;
				if (after < before) {
					log.info("The H2 file went from {} MB to {} MB; {}% of it was live data", before >> 20, after >> 20,
							live);
				}
			}
			else if (++misses == MISSES) {
				// not again before the file has grown by as much
				misses = 0;
				fruitless = after;
			}
		}
		return file.size();
	}

	/**
	 * Has the operating system write what the commits since the last call changed in the
	 * file to the disk. H2's own lock is not taken: commits go on meanwhile, and H2's
	 * sync when it gives back the file's end, inside that lock, finds little to write.
	 * @return whether there were commits to write (false: none, or no H2 file)
	 */
	synchronized boolean sync() {
		MVStore mvStore = store();
		if (mvStore == null || mvStore.isClosed()) {
			return false;
		}
		long version = mvStore.getCurrentVersion();
		if (version == syncedVersion) {
			return false;
		}
		mvStore.getFileStore().sync();
		syncedVersion = version;
		return true;
	}

	private MVStore store() {
		if (!looked) {
			looked = true;
			try (Connection connection = dataSource.getConnection()) {
				if (connection.isWrapperFor(JdbcConnection.class)
						&& connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
						&& local.getDatabase().getStore() != null) {
					MVStore found = local.getDatabase().getStore().getMvStore();
					store = found.getFileStore() != null ? found : null;
				}
			}
			catch (SQLException ex) {
				looked = false;
				log.warn("Could not look at the database for H2 housekeeping; trying again", ex);
			}
		}
		return store;
	}

	private void round() {
		try {
			compact();
			sync();
		}
		catch (RuntimeException ex) {
			// the database closing at shutdown, or a step that failed: the next round
			// tries again, and H2 itself stays consistent
			log.debug("H2 housekeeping round failed", ex);
		}
	}

	/**
	 * Starts the looks, unless there is no H2 file to keep (PostgreSQL, in memory): then
	 * no thread at all. When the database cannot be asked yet, the looks ask again.
	 */
	@Override
	public synchronized void start() {
		if (store() == null && looked) {
			return;
		}
		executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "h2-housekeeping");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::round, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Lets a round that runs finish, without interrupting it: an interrupt in the middle
	 * of a file write would close H2's file.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService running;
		synchronized (this) {
			running = executor;
			executor = null;
		}
		if (running != null) {
			running.shutdown();
			try {
				if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
					log.warn("H2 housekeeping still running after 10 s at stop");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}

}
