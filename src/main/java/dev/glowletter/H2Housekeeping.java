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
 * once their live pages are rewritten elsewhere, which H2 does in a background thread
 * that it starts only when commits may wait ({@code WRITE_DELAY} over 0). The default URL
 * writes each commit before the answer ({@code WRITE_DELAY=0}, so that a {@code kill -9}
 * loses nothing answered), and without this the file only grows: 10.5 GB after 290,000
 * sign-ups in seven minutes, of which 0.4 GB was data (docs/performance.md).
 * <p>
 * Every second, on a thread of its own, it rewrites the live pages of the emptiest
 * chunks, a few megabytes at a time and for at most {@link #BUDGET_MILLIS} in all, and H2
 * gives the end of the file back once it is free. H2 does a step only when no commit
 * holds its store: a sign-up never waits for more than one step. A chunk's space is free
 * only {@code RETENTION_TIME} (45 s) after it was left, so under a flood the file still
 * holds the last 45 s of commits. Nothing to do on PostgreSQL or an in-memory H2.
 */
@Component
class H2Housekeeping implements SmartLifecycle {

	/** The share of the chunks' space that is live data, below which it rewrites them. */
	static final int TARGET_FILL_RATE = 90;

	/** At most this much live data rewritten in one step. */
	static final int STEP_BYTES = 2 * 1024 * 1024;

	/** At most this long spent in one round of steps. */
	static final long BUDGET_MILLIS = 200;

	private static final long INTERVAL_MILLIS = 1000;

	private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

	private final DataSource dataSource;

	private ScheduledExecutorService executor;

	/** The file store found at the first round; null: none (PostgreSQL, in memory). */
	private MVStore store;

	private boolean looked;

	H2Housekeeping(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * One round: steps until the chunks are full enough, H2 is busy, or the budget is
	 * spent.
	 * @return the file's size after it, in bytes; -1 when there is no H2 file
	 */
	synchronized long compact() {
		MVStore mvStore = store();
		if (mvStore == null || mvStore.isClosed()) {
			return -1;
		}
		FileStore<?> file = mvStore.getFileStore();
		long before = file.size();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
		// a step moves live pages into memory; the commit after it writes them, and the
		// chunks they left are free (once older than H2's RETENTION_TIME, 45 s)
		while (System.nanoTime() < deadline && mvStore.compact(TARGET_FILL_RATE, STEP_BYTES)) {
			mvStore.commit();
		}
		long after = file.size();
		if (before - after >= Math.max(before / 10, 64L * 1024 * 1024)) {
			log.info("The H2 file shrank from {} MB to {} MB", before >> 20, after >> 20);
		}
		return after;
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
		}
		catch (RuntimeException ex) {
			// the database closing at shutdown, or a step that failed: the next round
			// tries again, and H2 itself stays consistent
			log.debug("H2 housekeeping round failed", ex);
		}
	}

	@Override
	public synchronized void start() {
		executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "h2-housekeeping");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::round, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdownNow();
			executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}

}
