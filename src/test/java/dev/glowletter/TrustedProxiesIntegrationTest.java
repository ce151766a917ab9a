package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Forwarded headers over real HTTP, through Tomcat: only the configured proxy (127.0.0.2
 * here) is believed. Requests from 127.0.0.1, a loopback address like a Docker host or a
 * sidecar, forge X-Forwarded-* and must change nothing the service sees.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
		"glowletter.rendering.templates-dir=email-templates", "glowletter.subscription.purge-initial-delay=1d",
		"glowletter.article.demo-content=false", "glowletter.campaign.poll-interval=1d",
		"glowletter.campaign.poll-initial-delay=1d", "glowletter.admin.password=" + IntegrationTest.ADMIN_PASSWORD,
		"glowletter.api.basic-auth=true", "glowletter.subscription.requests-per-ip-per-hour=3",
		// the limits per address are under test here; the account's spacing would join in
		// after ten guesses
		"glowletter.admin.login-throttle.account-backoff-after=1000", "glowletter.trusted-proxies=127.0.0.2" })
class TrustedProxiesIntegrationTest {

	private static final String PROXY = "127.0.0.2";

	private static final String STRANGER = "127.0.0.1";

	/**
	 * Untrusted as well; the login test blocks its address, so the other tests use
	 * others.
	 */
	private static final String GUESSER = "127.0.0.3";

	private static final String READER_OF_THE_DOCS = "127.0.0.4";

	private static final AtomicInteger READERS = new AtomicInteger();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestSmtp::port);
	}

	@Test
	void forgedForwardedForFromAnUntrustedPeerChangesNeitherTheSignUpAddressNorItsLimit() throws IOException {
		String first = signUp(STRANGER, "X-Forwarded-For: 198.51.100.1").email();
		assertThat(consentAddress(first)).isEqualTo(STRANGER);
		for (int i = 2; i <= 3; i++) {
			assertThat(signUp(STRANGER, "X-Forwarded-For: 198.51.100." + i).answer().status()).isEqualTo(202);
		}

		assertThat(signUp(STRANGER, "X-Forwarded-For: 198.51.100.4").answer().status())
			.as("the fourth sign-up from one address in an hour")
			.isEqualTo(429);
	}

	@Test
	void forgedForwardedForFromAnUntrustedPeerDoesNotEscapeTheLoginThrottle() throws IOException {
		for (int i = 1; i <= 5; i++) {
			assertThat(send(GUESSER, "GET", "/api/articles", null, basic("admin", "forged-guess-" + i),
					"X-Forwarded-For: 203.0.113." + i)
				.status()).isEqualTo(401);
		}
		assertThat(send(GUESSER, "GET", "/api/articles", null, basic("admin", "forged-guess-6"),
				"X-Forwarded-For: 203.0.113.6")
			.status()).isEqualTo(429);
		assertThat(jdbc.sql("SELECT address FROM login_throttle WHERE address <> '*'").query(String.class).list())
			.as("the addresses the throttle counts")
			.contains(GUESSER)
			.noneMatch(address -> address.startsWith("203.0.113."));
	}

	@Test
	void forgedForwardedHostAndProtoFromAnUntrustedPeerChangeNoAddressOfTheService() throws IOException {
		Answer docs = send(READER_OF_THE_DOCS, "GET", "/v3/api-docs", null,
				basic("admin", IntegrationTest.ADMIN_PASSWORD), "X-Forwarded-Host: evil.example",
				"X-Forwarded-Proto: https", "X-Forwarded-Port: 8443");

		assertThat(docs.status()).isEqualTo(200);
		assertThat(servers(docs)).contains("\"url\":\"http://127.0.0.1:" + port)
			.doesNotContain("evil.example")
			.doesNotContain("https:");
	}

	@Test
	void theTrustedProxysForwardedHeadersAreBelievedFromTheRightmostUntrustedAddress() throws IOException {
		assertThat(consentAddress(signUp(PROXY, "X-Forwarded-For: 6.6.6.6, 198.51.100.7").email()))
			.isEqualTo("198.51.100.7");
		assertThat(consentAddress(signUp(PROXY, "X-Forwarded-For: 198.51.100.8, 127.0.0.2").email()))
			.isEqualTo("198.51.100.8");

		Answer docs = send(PROXY, "GET", "/v3/api-docs", null, basic("admin", IntegrationTest.ADMIN_PASSWORD),
				"X-Forwarded-For: 198.51.100.9", "X-Forwarded-Host: news.example.org", "X-Forwarded-Proto: https");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(servers(docs)).contains("\"url\":\"https://news.example.org\"");
	}

	@Test
	void theTrustedProxysClientsEachHaveTheirOwnLoginLimit() throws IOException {
		for (int i = 1; i <= 5; i++) {
			assertThat(send(PROXY, "GET", "/api/articles", null, basic("admin", "proxied-guess-" + i),
					"X-Forwarded-For: 198.51.100.20")
				.status()).isEqualTo(401);
		}
		assertThat(send(PROXY, "GET", "/api/articles", null, basic("admin", IntegrationTest.ADMIN_PASSWORD),
				"X-Forwarded-For: 198.51.100.20")
			.status()).isEqualTo(429);
		assertThat(send(PROXY, "GET", "/api/articles", null, basic("admin", IntegrationTest.ADMIN_PASSWORD),
				"X-Forwarded-For: 198.51.100.21")
			.status()).isEqualTo(200);
	}

	private record SignUp(String email, Answer answer) {
	}

	private SignUp signUp(String from, String... headers) throws IOException {
		String email = "proxied-" + READERS.incrementAndGet() + "-" + System.nanoTime() + "@example.org";
		return new SignUp(email,
				send(from, "POST", "/api/subscriptions", "{\"email\":\"" + email + "\",\"consent\":true}", headers));
	}

	private String consentAddress(String email) {
		return jdbc.sql("SELECT c.ip FROM consent c JOIN subscriber s ON s.id = c.subscriber_id WHERE s.email = ?")
			.param(email)
			.query(String.class)
			.single();
	}

	/**
	 * The servers the API description names: springdoc makes them of the URL the request
	 * came to.
	 */
	private static String servers(Answer docs) {
		int start = docs.body().indexOf("\"servers\":[");
		assertThat(start).as("servers in " + docs.head()).isNotNegative();
		return docs.body().substring(start, docs.body().indexOf(']', start) + 1);
	}

	private static String basic(String user, String password) {
		return "Authorization: Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	record Answer(int status, String head, String body) {
	}

	/**
	 * One HTTP/1.0 exchange (no chunking to undo) on a connection made from the given
	 * local address.
	 */
	private Answer send(String from, String method, String path, String json, String... headers) throws IOException {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(from, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(30_000);
			byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
			StringBuilder request = new StringBuilder(
					method + " " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			if (json != null) {
				request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int end = answer.indexOf("\r\n\r\n");
			return new Answer(Integer.parseInt(answer.substring(9, 12)), answer.substring(0, end),
					answer.substring(end + 4));
		}
	}

}
