package dev.glowletter.delivery.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The threads a sender's loop runs on (the campaign workers', the outbox's): daemons, one
 * per name, until stopped; stopping interrupts them and waits up to ten seconds for each
 * to end.
 */
final class SenderThreads {

	private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

	private volatile boolean running;

	void start(Runnable loop, List<String> names) {
		running = true;
		for (String name : names) {
			Thread thread = new Thread(loop, name);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
	}

	void stop() {
		running = false;
		List<Thread> stopping;
		synchronized (threads) {
			stopping = new ArrayList<>(threads);
			threads.clear();
		}
		stopping.forEach(Thread::interrupt);
		for (Thread thread : stopping) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
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
