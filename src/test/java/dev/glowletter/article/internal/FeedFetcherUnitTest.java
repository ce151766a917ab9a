package dev.glowletter.article.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import dev.glowletter.PrivateAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The fetcher cuts off slow and huge feeds instead of waiting or filling memory. */
class FeedFetcherUnitTest {

	private HttpServer server;

	private final FeedFetcher fetcher = fetcher(true);

	private static FeedFetcher fetcher(boolean privateHosts) {
		return new FeedFetcher(new ArticleProperties(280, 200_000, false, Duration.ofMinutes(30), Duration.ofSeconds(2),
				Duration.ofMillis(700), DataSize.ofKilobytes(64), privateHosts));
	}

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/slow", exchange -> {
			try {
				exchange.sendResponseHeaders(200, 0);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>".getBytes());
					out.flush();
					Thread.sleep(5000); // headers at once, then the body trickles
				}
			}
			catch (IOException | InterruptedException gone) {
				// cut off by the fetcher
			}
		});
		server.createContext("/huge", exchange -> {
			try {
				exchange.sendResponseHeaders(200, 0);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>".getBytes());
					byte[] chunk = "x".repeat(8192).getBytes();
					for (int i = 0; i < 10_000; i++) {
						out.write(chunk);
					}
				}
			}
			catch (IOException gone) {
				// cut off by the fetcher
			}
		});
		server.createContext("/feed", exchange -> {
			byte[] feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Blog</title></channel></rss>"
				.getBytes();
			exchange.sendResponseHeaders(200, feed.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(feed);
			}
		});
		server.createContext("/moved", exchange -> {
			exchange.getResponseHeaders().add("Location", "/feed");
			exchange.sendResponseHeaders(301, -1);
			exchange.close();
		});
		server.createContext("/loop", exchange -> {
			exchange.getResponseHeaders().add("Location", "/loop");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	@Test
	void slowFeedTimesOutWithinTheReadTimeout() {
		long start = System.nanoTime();
		assertThatThrownBy(() -> fetcher.fetch(url("/slow"))).isInstanceOf(FeedFetcher.Unreadable.class)
			.hasMessageContaining("timed out");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void hugeFeedIsRefusedAtTheSizeCap() {
		assertThatThrownBy(() -> fetcher.fetch(url("/huge"))).isInstanceOf(FeedFetcher.Unreadable.class)
			.hasMessageContaining("larger than the limit");
	}

	@Test
	void feedWithADoctypeIsRefusedSoNoExternalEntityIsRead() throws Exception {
		server.createContext("/xxe", exchange -> {
			byte[] body = ("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss "
					+ "version=\"2.0\"><channel><title>&x;</title></channel></rss>")
				.getBytes();
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		assertThatThrownBy(() -> fetcher.fetch(url("/xxe"))).isInstanceOf(FeedFetcher.Unreadable.class);
	}

	@Test
	void redirectsAreFollowedAndCheckedHopByHop() throws Exception {
		assertThat(fetcher.fetch(url("/moved")).getTitle()).isEqualTo("Blog");
		assertThatThrownBy(() -> fetcher.fetch(url("/loop"))).isInstanceOf(FeedFetcher.Unreadable.class)
			.hasMessageContaining("more than 5 redirects");
	}

	@Test
	void aFeedOnTheServicesOwnMachineOrNetworkIsRefusedUnlessAllowed() {
		assertThatThrownBy(() -> fetcher(false).fetch(url("/feed"))).isInstanceOf(FeedFetcher.Unreadable.class)
			.hasMessageContaining("local or private-network address (127.0.0.1)")
			.hasMessageContaining("glowletter.article.feed-private-hosts");
		assertThatThrownBy(() -> fetcher(false).fetch("file:///etc/passwd")).isInstanceOf(FeedFetcher.Unreadable.class)
			.hasMessageContaining("only http and https");
	}

	@Test
	void privateAddressesAreTheLocalAndPrivateRangesOnly() throws Exception {
		for (String address : new String[] { "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
				"100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "224.0.0.1" }) {
			assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(address))).as(address).isTrue();
		}
		for (String address : new String[] { "93.184.216.34", "8.8.8.8", "100.128.0.1", "172.32.0.1",
				"2606:4700::1111" }) {
			assertThat(PrivateAddresses.isPrivate(InetAddress.getByName(address))).as(address).isFalse();
		}
	}

}
