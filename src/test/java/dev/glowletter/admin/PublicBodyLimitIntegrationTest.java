package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.glowletter.DefaultSetup;
import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Without a login, nobody makes the service read a large body into memory, however the
 * body is framed: a declared length over the limit is refused at once, a chunked body is
 * counted as it is read.
 */
class PublicBodyLimitIntegrationTest {

	private final HttpClient http = HttpClient.newHttpClient();

	/**
	 * A JSON sign-up followed by {@code padding} bytes in an unknown field, sent chunked
	 * (no Content-Length).
	 */
	private static HttpRequest chunkedSignUp(String email, long padding) {
		byte[] head = ("{\"email\":\"" + email + "\",\"consent\":true,\"pad\":\"").getBytes(StandardCharsets.UTF_8);
		return HttpRequest.newBuilder(URI.create(DefaultSetup.base() + "/api/subscriptions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new JsonPadding(head, padding)))
			.build();
	}

	/**
	 * The answer's status, or -1 when the server closed the connection before the body
	 * was all sent.
	 */
	private int statusOf(HttpRequest request) throws InterruptedException {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
		}
		catch (IOException closed) {
			return -1;
		}
	}

	private boolean isKnown(String email) throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString(("admin:" + IntegrationTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		String page = http
			.send(HttpRequest.newBuilder(URI.create(DefaultSetup.base() + "/api/subscribers?q=" + email))
				.header("Authorization", "Basic " + credentials)
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		return page.contains(email);
	}

	@Test
	void aChunkedSignUpOfFiveMegabytesIsRefusedAndStoresNothing() throws Exception {
		assertThat(statusOf(chunkedSignUp("chunked-5mb@example.org", 5_000_000))).isIn(413, -1);
		assertThat(isKnown("chunked-5mb@example.org")).isFalse();
	}

	@Test
	void aChunkedSignUpJustOverTheLimitGets413ProblemDetails() throws Exception {
		HttpResponse<String> answer = http.send(chunkedSignUp("chunked-17kb@example.org", 17 * 1024),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(413);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(answer.body()).contains("16 KB");
		assertThat(isKnown("chunked-17kb@example.org")).isFalse();
	}

	@Test
	void aSmallChunkedSignUpIsAccepted() throws Exception {
		assertThat(statusOf(chunkedSignUp("chunked-small@example.org", 100))).isEqualTo(202);
		assertThat(isKnown("chunked-small@example.org")).isTrue();
	}

	@Test
	void eightParallelFortyMegabyteBodiesGetNoServerError() throws Exception {
		List<CompletableFuture<Integer>> answers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			answers.add(http
				.sendAsync(chunkedSignUp("parallel-" + i + "@example.org", 40_000_000),
						HttpResponse.BodyHandlers.discarding())
				.thenApply(HttpResponse::statusCode)
				.exceptionally(closed -> -1));
		}
		for (CompletableFuture<Integer> answer : answers) {
			assertThat(answer.join()).isIn(413, -1);
		}
		assertThat(statusOf(chunkedSignUp("after-the-flood@example.org", 10))).as("still serving").isEqualTo(202);
	}

	@Test
	void aChunkedFormIsAskedForItsLength() throws Exception {
		HttpResponse<String> answer = http
			.send(HttpRequest.newBuilder(URI.create(DefaultSetup.base() + "/subscribe/embed"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new JsonPadding("email=form%40example.org&consent=true&x=".getBytes(), 100)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(411);
	}

	@Test
	void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() throws Exception {
		String body = "{\"email\":\"declared@example.org\",\"consent\":true,\"pad\":\"" + "x".repeat(20_000) + "\"}";
		HttpResponse<String> answer = http
			.send(HttpRequest.newBuilder(URI.create(DefaultSetup.base() + "/api/subscriptions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(413);
		assertThat(isKnown("declared@example.org")).isFalse();
	}

	/**
	 * {@code head}, then {@code padding} times 'x', then the closing {@code "}}:
	 * generated, never held in memory.
	 */
	private static final class JsonPadding extends InputStream {

		private final byte[] head;

		private final long padding;

		private final byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);

		private long position;

		JsonPadding(byte[] head, long padding) {
			this.head = head;
			this.padding = padding;
		}

		@Override
		public int read() {
			long at = position++;
			if (at < head.length) {
				return head[(int) at];
			}
			at -= head.length;
			if (at < padding) {
				return 'x';
			}
			at -= padding;
			return at < tail.length ? tail[(int) at] : -1;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			int n = 0;
			while (n < length) {
				int b = read();
				if (b < 0) {
					return n == 0 ? -1 : n;
				}
				buffer[offset + n++] = (byte) b;
			}
			return n;
		}

	}

}
