package dev.glowletter.article;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import org.springframework.stereotype.Component;

/**
 * Fetches and parses a feed, refusing what could hurt the service: a slow server (connect and
 * total timeouts), a huge document (read no further than the size cap), and anything ROME cannot
 * parse (no DOCTYPE, so no external entities).
 */
@Component
class FeedFetcher {

	private final HttpClient client;

	private final Duration readTimeout;

	private final long maxBytes;

	FeedFetcher(ArticleProperties properties) {
		this.client = HttpClient.newBuilder()
			.connectTimeout(properties.feedConnectTimeout())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		this.readTimeout = properties.feedReadTimeout();
		this.maxBytes = properties.feedMaxSize().toBytes();
	}

	/** A feed that could not be read, with a reason an admin can act on. */
	static class Unreadable extends Exception {

		Unreadable(String message, Throwable cause) {
			super(message, cause);
		}
	}

	SyndFeed fetch(String url) throws Unreadable {
		byte[] document = download(url);
		try {
			SyndFeedInput input = new SyndFeedInput();
			input.setAllowDoctypes(false);
			return input.build(new XmlReader(new ByteArrayInputStream(document), true));
		}
		catch (FeedException | IOException | IllegalArgumentException ex) {
			throw new Unreadable("not an RSS or Atom feed: " + ex.getMessage(), ex);
		}
	}

	private byte[] download(String url) throws Unreadable {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(readTimeout)
			.header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1")
			.header("User-Agent", "Glowletter feed import")
			.GET()
			.build();
		// the deadline covers the whole body too: a server that trickles bytes is cut off
		CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> new CappedBody(info.statusCode(), maxBytes));
		try {
			HttpResponse<byte[]> response = exchange.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
			if (response.statusCode() != 200) {
				throw new Unreadable("the server answered HTTP " + response.statusCode(), null);
			}
			return response.body();
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw new Unreadable("no complete answer within " + readTimeout.toMillis() + " ms (timed out)", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof TooLarge) {
				throw new Unreadable("larger than the limit of " + maxBytes + " bytes (glowletter.article.feed-max-size)", cause);
			}
			if (cause instanceof HttpTimeoutException) {
				throw new Unreadable("no answer within " + readTimeout.toMillis() + " ms (timed out)", cause);
			}
			throw new Unreadable("could not be fetched: " + cause, cause);
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			throw new Unreadable("interrupted", ex);
		}
	}

	private static final class TooLarge extends IOException {

		TooLarge() {
			super("too large");
		}
	}

	/** Collects the body, and gives up (cancelling the download) once it passes the cap. */
	private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);

		private final long maxBytes;

		private final boolean discard;

		private Flow.Subscription subscription;

		CappedBody(int status, long maxBytes) {
			this.maxBytes = maxBytes;
			this.discard = status != 200;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (result.isDone()) {
				return;
			}
			if (discard) {
				result.complete(new byte[0]);
				subscription.cancel();
				return;
			}
			for (ByteBuffer buffer : buffers) {
				if (out.size() + (long) buffer.remaining() > maxBytes) {
					result.completeExceptionally(new TooLarge());
					subscription.cancel();
					return;
				}
				byte[] bytes = new byte[buffer.remaining()];
				buffer.get(bytes);
				out.writeBytes(bytes);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			result.complete(out.toByteArray());
		}
	}
}
