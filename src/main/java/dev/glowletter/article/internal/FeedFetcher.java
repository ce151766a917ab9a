package dev.glowletter.article.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import dev.glowletter.PrivateAddresses;
import org.springframework.stereotype.Component;

/**
 * Fetches and parses a feed, refusing what could hurt the service: a slow server (connect
 * and total timeouts), a huge document (read no further than the size cap), anything ROME
 * cannot parse (no DOCTYPE, so no external entities), and, unless allowed, an address on
 * the service's own machine or private network, checked again at every redirect.
 */
@Component
class FeedFetcher {

	private final HttpClient client;

	private final Duration readTimeout;

	private final long maxBytes;

	private final boolean privateHosts;

	private static final int MAX_REDIRECTS = 5;

	FeedFetcher(ArticleProperties properties) {
		this.client = HttpClient.newBuilder()
			.connectTimeout(properties.feedConnectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		this.readTimeout = properties.feedReadTimeout();
		this.maxBytes = properties.feedMaxSize().toBytes();
		this.privateHosts = properties.feedPrivateHosts();
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

	/** Follows redirects itself, so that each address is checked before it is asked. */
	private byte[] download(String url) throws Unreadable {
		URI uri = URI.create(url);
		for (int redirects = 0;; redirects++) {
			checkAddress(uri);
			HttpResponse<byte[]> response = get(uri);
			int status = response.statusCode();
			if (status == 200) {
				return response.body();
			}
			String location = response.headers().firstValue("Location").orElse(null);
			if (status < 300 || status > 399 || status == 304 || location == null) {
				throw new Unreadable("the server answered HTTP " + status, null);
			}
			if (redirects == MAX_REDIRECTS) {
				throw new Unreadable("more than " + MAX_REDIRECTS + " redirects", null);
			}
			try {
				uri = uri.resolve(location);
			}
			catch (IllegalArgumentException ex) {
				throw new Unreadable("redirected to an address that is not one: " + ex.getMessage(), ex);
			}
		}
	}

	/**
	 * Refuses anything but http(s), and, unless allowed, a host that resolves to a local
	 * or private address.
	 */
	private void checkAddress(URI uri) throws Unreadable {
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			throw new Unreadable("only http and https addresses with a host can be fetched", null);
		}
		if (privateHosts) {
			return;
		}
		InetAddress found;
		try {
			found = PrivateAddresses.firstPrivate(uri.getHost()).orElse(null);
		}
		catch (UnknownHostException ex) {
			throw new Unreadable("the host " + uri.getHost() + " is unknown", ex);
		}
		if (found != null) {
			throw new Unreadable(uri.getHost() + " is a local or private-network address (" + found.getHostAddress()
					+ "); set glowletter.article.feed-private-hosts=true to fetch feeds there", null);
		}
	}

	private HttpResponse<byte[]> get(URI uri) throws Unreadable {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(readTimeout)
			.header("Accept",
					"application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1")
			.header("User-Agent", "Glowletter feed import")
			.GET()
			.build();
		// the deadline covers the whole body too: a server that trickles bytes is cut off
		CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request,
				info -> new CappedBody(info.statusCode(), maxBytes));
		try {
			return exchange.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw new Unreadable("no complete answer within " + readTimeout.toMillis() + " ms (timed out)", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof TooLarge) {
				throw new Unreadable(
						"larger than the limit of " + maxBytes + " bytes (glowletter.article.feed-max-size)", cause);
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

	/**
	 * Collects the body, and gives up (cancelling the download) once it passes the cap.
	 */
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
