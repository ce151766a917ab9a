package dev.glowletter.article.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Polls the feeds on the configured interval, on a thread of its own: a slow feed server
 * never holds up the scheduler that sends mail. A failed poll is recorded and retried at
 * the next one.
 */
@Component
class FeedPoller implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);

	private final FeedImport feedImport;

	private final ArticleProperties properties;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "feed-poller");
		thread.setDaemon(true);
		return thread;
	});

	FeedPoller(FeedImport feedImport, ArticleProperties properties) {
		this.feedImport = feedImport;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		long interval = Math.max(properties.feedPollInterval().toMillis(), 1000);
		long initialDelay = Math.min(interval, 60_000);
		executor.scheduleWithFixedDelay(this::pollDue, initialDelay, Math.min(interval, 60_000), TimeUnit.MILLISECONDS);
	}

	private void pollDue() {
		try {
			feedImport.pollDue();
		}
		catch (RuntimeException ex) {
			log.warn("Polling the feeds failed; trying again later", ex);
		}
	}

	@Override
	public void destroy() {
		executor.shutdownNow();
	}

}
