package dev.glowletter.webhook.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.glowletter.PrivateAddresses;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The sender: every poll it claims due calls for the threads it has free and posts each
 * on a thread of its own pool, at most {@code per-endpoint} at once to one endpoint, so
 * that a slow endpoint holds its own calls back and nobody else's. Each call has one
 * deadline (connecting and the whole answer), never follows a redirect, and checks the
 * endpoint's address again (a name may resolve elsewhere since it was registered).
 */
@Component
class WebhookSender {

	private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

	private static final int EXCERPT = 500;

	private final WebhookLedger ledger;

	private final WebhookProperties properties;

	private final Clock clock;

	private final HttpClient client;

	private final ExecutorService pool;

	private final Map<Long, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final AtomicInteger busy = new AtomicInteger();

	WebhookSender(WebhookLedger ledger, WebhookProperties properties, Clock clock) {
		this.ledger = ledger;
		this.properties = properties;
		this.clock = clock;
		this.client = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		AtomicInteger n = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(properties.threads(), runnable -> {
			Thread thread = new Thread(runnable, "webhook-" + n.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	@Scheduled(fixedDelayString = "${glowletter.webhooks.poll-interval:1s}",
			initialDelayString = "${glowletter.webhooks.poll-interval:1s}")
	void poll() {
		try {
			sendDue();
		}
		catch (RuntimeException ex) {
			log.error("The webhook sender failed; trying again at the next poll", ex);
		}
	}

	@Scheduled(fixedDelayString = "1h", initialDelayString = "10m")
	void purge() {
		int gone = ledger.purge();
		if (gone > 0) {
			log.info("Forgot {} webhook deliveries older than {}", gone, properties.retention());
		}
	}

	/** Claims what this instance has room for and hands each call to the pool. */
	synchronized int sendDue() {
		int free = properties.threads() - busy.get();
		if (free <= 0) {
			return 0;
		}
		Set<Long> full = new HashSet<>();
		Map<Long, Integer> room = new HashMap<>();
		inFlight.forEach((endpoint, count) -> {
			int left = properties.perEndpoint() - count.get();
			if (left <= 0) {
				full.add(endpoint);
			}
			else {
				room.put(endpoint, left);
			}
		});
		List<WebhookLedger.Claimed> claimed = ledger.claim(free, full, room);
		for (WebhookLedger.Claimed call : claimed) {
			busy.incrementAndGet();
			AtomicInteger count = inFlight.computeIfAbsent(call.endpointId(), id -> new AtomicInteger());
			count.incrementAndGet();
			pool.execute(() -> {
				try {
					send(call);
				}
				catch (RuntimeException ex) {
					log.error("Webhook delivery {} could not be recorded; its lease runs out and it is tried again",
							call.id(), ex);
				}
				finally {
					count.decrementAndGet();
					busy.decrementAndGet();
				}
			});
		}
		return claimed.size();
	}

	private void send(WebhookLedger.Claimed call) {
		URI uri;
		try {
			uri = URI.create(call.url());
			if (!properties.allowPrivateAddresses()) {
				var found = PrivateAddresses.firstPrivate(uri.getHost());
				if (found.isPresent()) {
					ledger.failed(call, null, null, "refused: " + uri.getHost() + " is a local or private-network "
							+ "address (" + found.get().getHostAddress() + ")");
					return;
				}
			}
		}
		catch (UnknownHostException ex) {
			ledger.failed(call, null, null, "the host is unknown: " + ex.getMessage());
			return;
		}
		catch (IllegalArgumentException ex) {
			ledger.failed(call, null, null, "not a URL: " + ex.getMessage());
			return;
		}
		long timestamp = clock.instant().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(properties.timeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Glowletter webhooks")
			.header("webhook-id", call.messageId())
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", Signatures.sign(call.secret(), call.messageId(), timestamp, call.payload()))
			.POST(HttpRequest.BodyPublishers.ofString(call.payload(), StandardCharsets.UTF_8))
			.build();
		CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, info -> new Excerpt());
		HttpResponse<String> response;
		try {
			response = exchange.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			ledger.failed(call, null, null, "no complete answer within " + properties.timeout().toMillis() + " ms");
			return;
		}
		catch (ExecutionException ex) {
			ledger.failed(call, null, null, "could not be called: " + ex.getCause());
			return;
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			return;
		}
		int status = response.statusCode();
		if (status >= 200 && status <= 299) {
			ledger.delivered(call, status, response.body());
		}
		else {
			ledger.failed(call, status, response.body(), "the endpoint answered HTTP " + status);
		}
	}

	@PreDestroy
	void stop() {
		pool.shutdownNow();
	}

	/** The first bytes of an answer, as text; the rest is not read. */
	private static final class Excerpt implements HttpResponse.BodySubscriber<String> {

		private final CompletableFuture<String> result = new CompletableFuture<>();

		private final ByteArrayOutputStream out = new ByteArrayOutputStream(EXCERPT);

		private Flow.Subscription subscription;

		@Override
		public CompletionStage<String> getBody() {
			return result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			for (ByteBuffer item : items) {
				int n = Math.min(item.remaining(), EXCERPT - out.size());
				byte[] bytes = new byte[n];
				item.get(bytes);
				out.write(bytes, 0, n);
			}
			if (out.size() >= EXCERPT) {
				subscription.cancel();
				finish();
			}
		}

		@Override
		public void onError(Throwable throwable) {
			finish();
		}

		@Override
		public void onComplete() {
			finish();
		}

		private void finish() {
			if (!result.isDone()) {
				String text = out.toString(StandardCharsets.UTF_8).strip();
				result.complete(text.isEmpty() ? null : text);
			}
		}

	}

}
