package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default install (an H2 file under {@code ./data}, the URL of application.yml)
 * killed hard (SIGKILL) right after readers were told to check their inbox, then started
 * again: every one of them is there, with their consent and their history line, and gets
 * their confirmation, at most twice (a mail in flight at the kill goes again). H2 keeps a
 * commit in memory for up to half a second by default ({@code WRITE_DELAY}), and a kill
 * lost it; the default URL writes each commit to the file before the answer goes out.
 * <p>
 * Then killed again after it has reused space in its file: H2 reuses the space of chunks
 * no longer used once they are older than its retention time (45 s; 3 s here, so that it
 * happens within the test). H2 2.5.252's recovery did not follow chunks written there: a
 * reader signed up two seconds before a kill was gone after the restart
 * (bench/crash-rounds). One test, three starts: each start of the service in a JVM of its
 * own is most of the time this takes.
 */
class H2CrashRecoveryIntegrationTest {

	private static final int READERS = 12;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path folder;

	@Test
	void readersToldToCheckTheirInboxAreThereAfterKillsOfTheDefaultInstall() throws Exception {
		int port = ServiceProcess.freePort();
		List<String> arguments = arguments("--spring.datasource.url=" + defaultUrl() + ";RETENTION_TIME=3000",
				"--glowletter.delivery.lease=5s", "--glowletter.api.basic-auth=true");
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> together = IntStream.range(0, READERS)
			.mapToObj(n -> "killed-" + run + "-" + n + "@example.org")
			.toList();
		String reusing = "reused-" + run + "@example.org";
		HttpClient http = HttpClient.newHttpClient();

		// readers signing up at once, killed as soon as they were answered
		Process first = ServiceProcess.start(folder, "h2-crash-first.log", port, arguments);
		try {
			List<CompletableFuture<HttpResponse<String>>> signups = together.stream()
				.map(address -> http.sendAsync(signUp(port, address), HttpResponse.BodyHandlers.ofString()))
				.toList();
			for (CompletableFuture<HttpResponse<String>> signup : signups) {
				assertThat(signup.get().statusCode()).as(signup.get().body()).isEqualTo(202);
			}
		}
		finally {
			first.destroyForcibly().waitFor();
		}

		// their confirmations after the restart; then one more reader, and H2 writing on
		// (the outbox sends the confirmation and marks it sent) into space it reuses
		Process second = ServiceProcess.start(folder, "h2-crash-second.log", port, arguments);
		try {
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> assertThat(confirmations(together))
					.as("confirmations by address: a reader lost in the kill never gets one")
					.allSatisfy((address, copies) -> assertThat(copies).isPositive()));
			HttpResponse<String> signup = http.send(signUp(port, reusing), HttpResponse.BodyHandlers.ofString());
			assertThat(signup.statusCode()).as(signup.body()).isEqualTo(202);
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> confirmations(List.of(reusing)).get(reusing) > 0);
		}
		finally {
			second.destroyForcibly().waitFor();
		}

		Process third = ServiceProcess.start(folder, "h2-crash-third.log", port, arguments);
		try {
			assertThat(readers(http, port)).as("readers after the second kill").containsAll(together).contains(reusing);
		}
		finally {
			third.destroy();
			third.waitFor();
		}

		assertThat(confirmations(together).values()).allSatisfy(copies -> assertThat(copies).isBetween(1L, 2L));
		try (Connection db = DriverManager.getConnection("jdbc:h2:file:"
				+ folder.resolve("data/glowletter").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa",
				"")) {
			for (String address : together) {
				assertThat(count(db, "SELECT COUNT(*) FROM subscriber WHERE email = ? AND status = 'PENDING'", address))
					.as("the reader " + address + " after the kills")
					.isEqualTo(1);
				assertThat(count(db,
						"SELECT COUNT(*) FROM consent c JOIN subscriber s ON s.id = c.subscriber_id WHERE s.email = ?",
						address))
					.as("their consent")
					.isEqualTo(1);
				assertThat(count(db,
						"SELECT COUNT(*) FROM subscriber_event e JOIN subscriber s "
								+ "ON s.id = e.subscriber_id WHERE s.email = ? AND e.type = 'SUBSCRIBE_REQUESTED'",
						address))
					.as("their history line")
					.isEqualTo(1);
			}
		}
	}

	/** The default install's H2 URL, as application.yml says it. */
	private static String defaultUrl() throws Exception {
		String yml = new String(new ClassPathResource("application.yml").getInputStream().readAllBytes(),
				StandardCharsets.UTF_8);
		Matcher url = Pattern.compile("(?m)^\\s*url: (jdbc:h2:file:\\S+)$").matcher(yml);
		assertThat(url.find()).as("application.yml names an H2 file").isTrue();
		return url.group(1);
	}

	/** Every reader's address, through the admin API. */
	private static List<String> readers(HttpClient http, int port) throws Exception {
		HttpResponse<String> list = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/subscribers?size=100"))
				.header("Authorization",
						"Basic " + Base64.getEncoder()
							.encodeToString("admin:instance-test".getBytes(StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
		List<String> addresses = new ArrayList<>();
		JSON.readTree(list.body()).get("items").forEach(reader -> addresses.add(reader.get("email").asText()));
		return addresses;
	}

	/** What every instance of these tests is started with, then {@code more}. */
	private static List<String> arguments(String... more) {
		List<String> arguments = new ArrayList<>(
				List.of("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestSmtp.port(),
						"--glowletter.base-url=https://news.example.org", "--glowletter.sender.from=news@example.org",
						"--glowletter.sender.postal-address=1 Test Street, Testville",
						"--glowletter.admin.password=instance-test", "--glowletter.delivery.poll-interval=200ms"));
		arguments.addAll(List.of(more));
		return arguments;
	}

	/** A reader's sign-up through the API, with their consent. */
	private static HttpRequest signUp(int port, String address) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/subscriptions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + address + "\", \"consent\": true}"))
			.build();
	}

	/** How many confirmations each address got, of the mails the test relay holds. */
	private static Map<String, Long> confirmations(List<String> addresses) throws Exception {
		Map<String, Long> received = Arrays.stream(TestSmtp.server().getReceivedMessages())
			.flatMap(ServiceProcess::recipients)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		return addresses.stream().collect(Collectors.toMap(Function.identity(), a -> received.getOrDefault(a, 0L)));
	}

	private static int count(Connection db, String sql, String address) throws Exception {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			statement.setString(1, address);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
	}

}
