package dev.glowletter.delivery.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Wakes the idle campaign workers when copies may be waiting (queued, resumed, retried),
 * so that they look now rather than at the next poll. A bean of its own so that whoever
 * queues or resumes need not know the workers.
 */
@Component
public class WorkerWakeUps {

	private final Semaphore wakeUps = new Semaphore(0);

	private final int workers;

	WorkerWakeUps(DeliveryProperties properties) {
		this.workers = properties.workers();
	}

	public void wakeUp() {
		wakeUps.release(workers);
	}

	/** Waits until woken, at most the given time. */
	void await(Duration timeout) throws InterruptedException {
		wakeUps.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
