package dev.glowletter.delivery.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a sender's loop runs on (the campaign workers', the outbox's): daemons, one
 * per name, until stopped. Stopping wakes them and lets each finish what it is doing (a
 * batch, a commit) for up to ten seconds; a thread still running then is left to the
 * JVM's exit, never interrupted: an interrupt that lands while a thread reads or writes
 * the H2 file closes the file for everyone ("the database has been closed"), which took
 * the last requests of a graceful shutdown with it. What it had claimed and not recorded
 * is sent again once its lease runs out, as after a crash.
 */
final class SenderThreads {

	private static final Logger log = LoggerFactory.getLogger(SenderThreads.class);

	private static final Duration GRACE = Duration.ofSeconds(10);

	private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

	private final Duration grace;

	private volatile boolean running;

	SenderThreads() {
		this(GRACE);
	}

	SenderThreads(Duration grace) {
		this.grace = grace;
	}

	void start(Runnable loop, List<String> names) {
		running = true;
		for (String name : names) {
			Thread thread = new Thread(loop, name);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
	}

	/**
	 * Ends the loops: {@code wake} makes them look at {@link #running()} now rather than
	 * after their wait.
	 */
	void stop(Runnable wake) {
		running = false;
		List<Thread> stopping;
		synchronized (threads) {
			stopping = new ArrayList<>(threads);
			threads.clear();
		}
		wake.run();
		try {
			long deadline = System.nanoTime() + grace.toNanos();
			for (Thread thread : stopping) {
				thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			}
			for (Thread thread : stopping) {
				if (thread.isAlive()) {
					log.warn("{} did not end within {}; it is left to the JVM's exit", thread.getName(), grace);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Started and not stopped since: a loop goes on while this holds and its thread is
	 * not interrupted.
	 */
	boolean running() {
		return running;
	}

}
