package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service is killed hard (SIGKILL of its JVM) in the middle of a 10,000-reader
 * campaign and just after a reader signed up, then started again: every reader gets the
 * campaign, at most the copies in flight at the kill go twice, the campaign ends SENT
 * with counters matching the ledger, and the sign-up, its consent and its confirmation
 * mail survive.
 */
@OnPostgres
class CrashRecoveryIntegrationTest {

	private static final int READERS = 10_000;

	private static final int WORKERS = 2;

	private static final int BATCH = 50;

	private static final String SCHEMA = "glowletter_crash_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	private static JdbcClient jdbc;

	private static int port;

	@BeforeAll
	static void schema() throws Exception {
		port = ServiceProcess.freePort();
		jdbc = JdbcClient.create(new DriverManagerDataSource(PostgresAvailable.URL + "?currentSchema=" + SCHEMA,
				PostgresAvailable.USER, ""));
	}

	@AfterAll
	static void dropSchema() {
		PostgresAvailable.dropSchema(SCHEMA);
	}

	private static Process startInstance(String log) throws Exception {
		List<String> arguments = new ArrayList<>(List.of("--glowletter.delivery.workers=" + WORKERS,
				"--glowletter.delivery.campaign-batch=" + BATCH, "--glowletter.delivery.lease=5s"));
		arguments.addAll(PostgresAvailable.instanceArguments(SCHEMA));
		return ServiceProcess.start(Path.of("."), log, port, arguments);
	}

	@Test
	void killedMidCampaignAndRestartedNobodyIsMissedAndDuplicatesStayWithinTheInFlightBound() throws Exception {
		TestSmtp.server().purgeEmailFromAllMailboxes();
		Process first = startInstance("crash-first.log");
		try {
			jdbc.sql("""
					INSERT INTO subscriber (email, status, created_at, status_changed_at, confirmed_at,
					token_version, version)
					SELECT 'crash-' || n || '@example.org', 'CONFIRMED', now(), now(), now(), 1, 0
					FROM generate_series(1, ?) AS n""").param(READERS).update();
			jdbc.sql(
					"""
							INSERT INTO article (title, url, slug, published_at, published_zone, body, excerpt,
							excerpt_given, created_at, updated_at)
							VALUES ('Aftercare after microneedling', 'https://blog.example.org/b', 'b', now(), 'Z', '<p>x</p>', 'The first 72 hours.', TRUE, now(), now())""")
				.update();
			long article = jdbc.sql("SELECT id FROM article").query(Long.class).single();
			long campaign = jdbc.sql("""
					INSERT INTO campaign (subject, template, status, scheduled_at, time_zone, created_at, updated_at)
					VALUES ('Crash test', 'digest', 'SCHEDULED', now(), 'UTC', now(), now()) RETURNING id""")
				.query(Long.class)
				.single();
			jdbc.sql("INSERT INTO campaign_article (campaign_id, position, article_id) VALUES (?, 0, ?)")
				.params(campaign, article)
				.update();

			Awaitility.await()
				.atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> sentInLedger(campaign) >= READERS / 5);
			HttpResponse<String> signup = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/subscriptions"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"email\": \"late-reader@example.org\", \"consent\": true}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(signup.statusCode()).isEqualTo(202);
			first.destroyForcibly().waitFor();
			assertThat(sentInLedger(campaign)).as("killed in the middle of the send").isLessThan(READERS);

			Process second = startInstance("crash-second.log");
			try {
				Awaitility.await()
					.atMost(Duration.ofMinutes(3))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> "SENT".equals(jdbc.sql("SELECT status FROM campaign WHERE id = ?")
						.param(campaign)
						.query(String.class)
						.single()));
				Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.until(() -> copies().containsKey("late-reader@example.org"));
			}
			finally {
				second.destroy();
				second.waitFor();
			}

			Map<String, Integer> copies = copies();
			int duplicates = 0;
			for (int n = 1; n <= READERS; n++) {
				int got = copies.getOrDefault("crash-" + n + "@example.org", 0);
				assertThat(got).as("copies to reader " + n).isPositive();
				duplicates += got - 1;
			}
			assertThat(duplicates).as("sent twice: at most one claimed batch per worker")
				.isLessThanOrEqualTo(WORKERS * BATCH);
			assertThat(copies.get("late-reader@example.org")).as("the confirmation queued before the kill")
				.isBetween(1, 2);
			assertThat(jdbc.sql("SELECT sent FROM delivery_campaign WHERE campaign_id = ?")
				.param(campaign)
				.query(Integer.class)
				.single()).isEqualTo(READERS).isEqualTo(sentInLedger(campaign));
			assertThat(jdbc
				.sql("SELECT COUNT(*) FROM consent c JOIN subscriber s ON s.id = c.subscriber_id WHERE s.email = "
						+ "'late-reader@example.org'")
				.query(Integer.class)
				.single()).isEqualTo(1);
		}
		finally {
			if (first.isAlive()) {
				first.destroyForcibly();
			}
		}
	}

	private static int sentInLedger(long campaign) {
		return jdbc.sql("SELECT COUNT(*) FROM delivery WHERE campaign_id = ? AND status = 'SENT'")
			.param(campaign)
			.query(Integer.class)
			.single();
	}

	private static Map<String, Integer> copies() throws Exception {
		Map<String, Integer> copies = new HashMap<>();
		for (MimeMessage message : TestSmtp.server().getReceivedMessages()) {
			ServiceProcess.recipients(message).forEach(to -> copies.merge(to, 1, Integer::sum));
		}
		return copies;
	}

}
