package dev.glowletter.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The fetcher cuts off slow and huge feeds instead of waiting or filling memory. */
class FeedFetcherUnitTest {

	private HttpServer server;

	private final FeedFetcher fetcher = new FeedFetcher(new ArticleProperties(280, 200_000, false, Duration.ofMinutes(30),
			Duration.ofSeconds(2), Duration.ofMillis(700), DataSize.ofKilobytes(64)));

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
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
		assertThatThrownBy(() -> fetcher.fetch(url("/slow"))).isInstanceOf(FeedFetcher.Unreadable.class).hasMessageContaining("timed out");
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
			byte[] body = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>".getBytes();
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		assertThatThrownBy(() -> fetcher.fetch(url("/xxe"))).isInstanceOf(FeedFetcher.Unreadable.class);
	}
}
