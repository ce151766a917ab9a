package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SenderThreadsUnitTest {

	@Test
	void stoppingWakesTheLoopsAndLetsThemEndWithoutAnInterrupt() throws Exception {
		SenderThreads threads = new SenderThreads(Duration.ofSeconds(10));
		Semaphore wakeUps = new Semaphore(0);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicInteger ended = new AtomicInteger();
		CountDownLatch waiting = new CountDownLatch(2);
		threads.start(() -> {
			while (threads.running()) {
				try {
					waiting.countDown();
					// a long poll: only the wake-up ends it in time
					wakeUps.tryAcquire(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					interrupted.set(true);
					return;
				}
			}
			interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
			ended.incrementAndGet();
		}, List.of("one", "two"));
		assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

		threads.stop(() -> wakeUps.release(2));

		assertThat(ended).hasValue(2);
		assertThat(interrupted).isFalse();
		assertThat(threads.running()).isFalse();
	}

	@Test
	void aLoopThatDoesNotEndInTheGraceIsLeftRunningNotInterrupted() throws Exception {
		SenderThreads threads = new SenderThreads(Duration.ofMillis(100));
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		threads.start(() -> {
			started.countDown();
			try {
				// busy past the grace (a long commit, say): an interrupt here could close
				// the database's file
				release.await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
		}, List.of("slow"));
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

		threads.stop(() -> {
		});

		assertThat(interrupted).isFalse();
		release.countDown();
	}

}
