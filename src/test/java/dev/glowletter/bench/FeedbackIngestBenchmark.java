package dev.glowletter.bench;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.glowletter.GlowletterApplication;
import dev.glowletter.delivery.EnvelopeSenders;
import dev.glowletter.feedback.internal.BounceMailboxPolls;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Not a test: how fast bounces come in. Starts the application (H2 in a temporary
 * directory, or the local PostgreSQL in a fresh schema) with a bounce mailbox on an
 * in-process IMAP server, seeds N confirmed readers, then (1) puts N delivery status
 * notifications, one per reader's VERP address, in the mailbox and times the poller
 * reading them all; (2) sends N signed Mailgun webhook calls (one event each) from
 * {@code --clients} threads and times them; and, for the ratio, as many GETs of a static
 * file from the same server and threads. Run by {@code bench/feedback-ingest}; figures go
 * to docs/performance.md.
 *
 * <p>
 * Arguments: {@code --n=10000}, {@code --clients=8}, {@code --postgres},
 * {@code --processed=delete} (or {@code move}: what becomes of a processed mail),
 * {@code --imap-port=P --maildir=DIR}: read the reports from a real IMAP server on that
 * loopback port (user and password {@code bounces}) whose mailbox is that Maildir, where
 * the reports are written as files; without them, the in-process IMAP server (GreenMail),
 * whose every command scans the whole mailbox.
 */
public final class FeedbackIngestBenchmark {

	private static final String MAILGUN_KEY = "bench-mailgun-signing-key-" + UUID.randomUUID();

	private FeedbackIngestBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] kv = arg.replaceFirst("^--", "").split("=", 2);
			options.put(kv[0], kv.length > 1 ? kv[1] : "true");
		}
		int n = Integer.parseInt(options.getOrDefault("n", "10000"));
		int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
		boolean postgres = options.containsKey("postgres");
		String processed = options.getOrDefault("processed", "delete");
		Path maildir = options.containsKey("maildir") ? Path.of(options.get("maildir")) : null;

		GreenMail mail = new GreenMail(
				new ServerSetup[] { new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
						new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort() });
		mail.start();
		GreenMailUser mailbox = mail.setUser("bounces@bench.example.org", "bounces", "bounces");

		Path dir = Files.createTempDirectory("glowletter-bench");
		String schema = "glowletter_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.mail.host=127.0.0.1",
				"spring.mail.port=" + mail.getSmtp().getPort(), "glowletter.admin.password=bench-" + UUID.randomUUID(),
				"glowletter.article.demo-content=false", "glowletter.campaign.poll-initial-delay=1d",
				"glowletter.subscription.purge-initial-delay=1d", "glowletter.bounce.address=bounces@bench.example.org",
				"glowletter.bounce.mailbox.protocol=imap", "glowletter.bounce.mailbox.host=127.0.0.1",
				"glowletter.bounce.mailbox.port="
						+ (maildir != null ? options.get("imap-port") : mail.getImap().getPort()),
				"glowletter.bounce.mailbox.user=bounces", "glowletter.bounce.mailbox.password=bounces",
				"glowletter.bounce.mailbox.poll-interval=1d", "glowletter.bounce.mailbox.processed=" + processed,
				"glowletter.bounce.webhooks.mailgun.signing-key=" + MAILGUN_KEY,
				"logging.level.dev.glowletter.feedback=WARN", "logging.level.dev.glowletter.subscription=WARN",
				"logging.level.com.icegreen=ERROR"));
		if (postgres) {
			String url = System.getenv()
				.getOrDefault("GLOWLETTER_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
			properties.addAll(List.of("spring.profiles.active=postgres",
					"spring.datasource.url=" + url + "?currentSchema=" + schema,
					"spring.datasource.username="
							+ System.getenv().getOrDefault("GLOWLETTER_BENCH_POSTGRES_USER", "postgres"),
					"spring.datasource.password=", "spring.flyway.schemas=" + schema,
					"spring.flyway.create-schemas=true", "glowletter.base-url=http://localhost",
					"glowletter.sender.from=news@bench.example.org",
					"glowletter.sender.postal-address=1 Bench Street"));
		}
		else {
			properties.add("spring.datasource.url=jdbc:h2:file:" + dir.resolve("bench")
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
		}
		String range = postgres ? "generate_series(0, :last) AS r(x)" : "SYSTEM_RANGE(0, :last) AS r(x)";
		ConfigurableApplicationContext app = new SpringApplicationBuilder(GlowletterApplication.class)
			.run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
		try {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
			System.out.printf("database: %s, readers: %d, processed mails: %s, webhook clients: %d%n",
					postgres ? "PostgreSQL" : "H2 file", n, processed, clients);

			// --- the mailbox ---
			seed(jdbc, range, "dsn", n);
			List<Long> ids = jdbc.sql("SELECT id FROM subscriber WHERE email LIKE 'dsn-%' ORDER BY id")
				.query(Long.class)
				.list();
			EnvelopeSenders verp = app.getBean(EnvelopeSenders.class);
			Session session = Session.getInstance(new Properties());
			long putStart = System.nanoTime();
			for (int i = 0; i < ids.size(); i++) {
				String text = dsn(verp.ofCampaignCopy(1, ids.get(i)), "dsn-" + i + "@bench.example.net");
				if (maildir != null) {
					Files.writeString(maildir.resolve("new").resolve(System.currentTimeMillis() + ".b" + i + ".bench"),
							text, StandardCharsets.US_ASCII);
				}
				else {
					mailbox.deliver(new MimeMessage(session,
							new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))));
				}
			}
			System.out.printf("mailbox: %d reports put in the %s in %.1f s%n", ids.size(),
					maildir != null ? "Maildir of the IMAP server (Dovecot)" : "in-process IMAP server (GreenMail)",
					(System.nanoTime() - putStart) / 1e9);
			BounceMailboxPolls polls = new BounceMailboxPolls(app);
			long start = System.nanoTime();
			int read = 0;
			int rounds = 0;
			int[] round;
			do {
				round = polls.poll();
				read += round[0];
				rounds++;
			}
			while (round[1] > 0 || round[0] > 0);
			double seconds = (System.nanoTime() - start) / 1e9;
			int bounced = count(jdbc, "dsn", "BOUNCED");
			System.out.printf("mailbox: %d reports read in %d rounds in %.1f s: %.0f reports/s; readers bounced: %d%n",
					read, rounds, seconds, read / seconds, bounced);

			// --- the webhook ---
			seed(jdbc, range, "hook", n);
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
			warm(http, base, clients);
			double hook = timed(clients, n, i -> {
				HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/mailgun"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(mailgun("hook-" + i + "@bench.example.net")))
					.build(), HttpResponse.BodyHandlers.ofString());
				return answer.statusCode() == 200;
			});
			int complained = count(jdbc, "hook", "UNSUBSCRIBED");
			double file = timed(clients, n,
					i -> http
						.send(HttpRequest.newBuilder(URI.create(base + "/css/glow.css")).build(),
								HttpResponse.BodyHandlers.ofString())
						.statusCode() == 200);
			System.out.printf(
					"webhook: %d Mailgun complaints (one per call) at %.0f calls/s; readers unsubscribed: %d%n", n,
					hook, complained);
			System.out.printf("static file GET /css/glow.css, same client: %.0f/s; webhook / static = %.2f%n", file,
					hook / file);
		}
		finally {
			if (postgres) {
				app.getBean(JdbcClient.class).sql("DROP SCHEMA " + schema + " CASCADE").update();
			}
			app.close();
			mail.stop();
		}
	}

	interface Call {

		boolean run(int i) throws Exception;

	}

	/**
	 * Runs n calls from the clients' threads; returns calls per second (all must
	 * succeed).
	 */
	private static double timed(int clients, int n, Call call) throws Exception {
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		long start = System.nanoTime();
		List<Future<?>> done = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			done.add(pool.submit(() -> {
				int i;
				while ((i = next.getAndIncrement()) < n) {
					if (!call.run(i)) {
						failed.incrementAndGet();
					}
				}
				return null;
			}));
		}
		for (Future<?> f : done) {
			f.get();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		if (failed.get() > 0) {
			System.out.printf("  %d of %d calls failed%n", failed.get(), n);
		}
		return n / seconds;
	}

	private static void warm(HttpClient http, String base, int clients) throws Exception {
		timed(clients, 2000,
				i -> http
					.send(HttpRequest.newBuilder(URI.create(base + "/css/glow.css")).build(),
							HttpResponse.BodyHandlers.ofString())
					.statusCode() == 200);
	}

	/** Readers {@code prefix-0@bench.example.net} and on, confirmed a day ago. */
	private static void seed(JdbcClient jdbc, String range, String prefix, int n) {
		OffsetDateTime now = OffsetDateTime.now();
		jdbc.sql("""
				INSERT INTO subscriber (email, first_name, status, created_at, status_changed_at, confirmed_at,
				token_version, version)
				SELECT CONCAT(:prefix, '-', r.x, '@bench.example.net'), NULL, 'CONFIRMED', :then, :then, :then, 1, 0
				FROM \s""" + range)
			.param("prefix", prefix)
			.param("then", now.minusDays(1))
			.param("last", n - 1)
			.update();
	}

	private static int count(JdbcClient jdbc, String prefix, String status) {
		return jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email LIKE :p AND status = :s")
			.param("p", prefix + "-%")
			.param("s", status)
			.query(Integer.class)
			.single();
	}

	private static String dsn(String verp, String recipient) {
		return """
				Return-Path: <>
				Delivered-To: %1$s
				From: MAILER-DAEMON@mx.bench.example.net (Mail Delivery System)
				To: %1$s
				Subject: Undelivered Mail Returned to Sender
				Message-ID: <%3$s@mx.bench.example.net>
				Auto-Submitted: auto-replied
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=delivery-status; boundary="B"

				--B
				Content-Type: text/plain

				I'm sorry to have to inform you that your message could not be delivered.

				--B
				Content-Type: message/delivery-status

				Reporting-MTA: dns; mx.bench.example.net

				Final-Recipient: rfc822; %2$s
				Action: failed
				Status: 5.1.1
				Diagnostic-Code: smtp; 550 5.1.1 <%2$s>: Recipient address rejected: User unknown

				--B
				Content-Type: text/rfc822-headers

				Return-Path: <%1$s>
				From: news@bench.example.org
				To: %2$s
				Subject: The newsletter

				--B--
				""".formatted(verp, recipient, UUID.randomUUID()).replace("\n", "\r\n");
	}

	private static String mailgun(String email) throws Exception {
		String timestamp = Long.toString(System.currentTimeMillis() / 1000);
		String token = UUID.randomUUID().toString().replace("-", "");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(MAILGUN_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String signature = HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
		return """
				{"signature":{"timestamp":"%s","token":"%s","signature":"%s"},
				 "event-data":{"event":"complained","id":"%s","timestamp":%s,"recipient":"%s"}}""".formatted(timestamp,
				token, signature, UUID.randomUUID(), timestamp, email);
	}

}
