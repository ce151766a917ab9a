package dev.glowletter.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.glowletter.GlowletterApplication;
import dev.glowletter.campaign.internal.CampaignPoller;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Not a test: a whole campaign end to end. Starts the application (H2 in a temporary
 * directory, or the local PostgreSQL in a fresh schema), seeds N confirmed readers in one
 * statement, creates 5 articles and a 5-article digest through the admin API, schedules
 * it now, runs the campaign poller, waits until the campaign is SENT and prints
 * messages/s, the time to fill the queue, peak heap and RSS. Run by
 * {@code bench/send-throughput}; figures go to docs/performance.md.
 *
 * <p>
 * Arguments: {@code --smtp-port=P} (required), {@code --n=100000}, {@code --workers=4},
 * {@code --batch=100}, {@code --postgres}, {@code --verp} (each copy with its own signed
 * envelope sender), {@code --fill-only} (time filling the queue, send nothing),
 * {@code --segment} (the readers also choose topics and have a skin type, and the
 * campaign is for a segment of two topics and one field condition: see {@link #segment}),
 * {@code --personal} (then the same digest as a personal edition, in the same run: see
 * {@link #personalEdition}), {@code --local-time} (the readers have eight time zones and
 * the campaign a sending window of their day, so the fill gives each zone its own time).
 */
public final class SendThroughputBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PASSWORD = "bench-" + UUID.randomUUID();

	private SendThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] kv = arg.replaceFirst("^--", "").split("=", 2);
			options.put(kv[0], kv.length > 1 ? kv[1] : "true");
		}
		int n = Integer.parseInt(options.getOrDefault("n", "100000"));
		int workers = Integer.parseInt(options.getOrDefault("workers", "4"));
		int batch = Integer.parseInt(options.getOrDefault("batch", "100"));
		boolean postgres = options.containsKey("postgres");
		boolean fillOnly = options.containsKey("fill-only");
		String smtpPort = options.getOrDefault("smtp-port", "25");

		Path dir = Files.createTempDirectory("glowletter-bench");
		String schema = "glowletter_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.mail.host=127.0.0.1",
				"spring.mail.port=" + smtpPort, "glowletter.admin.password=" + PASSWORD,
				// the benchmark calls the API with the admin's password, as a script may
				// when HTTP Basic is turned on (it is off by default)
				"glowletter.api.basic-auth=true", "glowletter.article.demo-content=false",
				"glowletter.campaign.poll-interval=1d", "glowletter.campaign.poll-initial-delay=1d",
				"glowletter.subscription.purge-initial-delay=1d", "glowletter.delivery.workers=" + workers,
				"glowletter.delivery.campaign-batch=" + batch, "glowletter.rendering.templates-dir=email-templates",
				"logging.level.root=WARN", "logging.level.dev.glowletter=WARN", "spring.main.banner-mode=off"));
		if (options.containsKey("verp")) {
			properties.add("glowletter.bounce.address=bounces@example.org");
		}
		if (postgres) {
			String url = System.getenv()
				.getOrDefault("GLOWLETTER_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
			properties.addAll(List.of("spring.profiles.active=postgres",
					"spring.datasource.url=" + url + "?currentSchema=" + schema,
					"spring.datasource.username="
							+ System.getenv().getOrDefault("GLOWLETTER_BENCH_POSTGRES_USER", "postgres"),
					"spring.datasource.password=", "spring.flyway.schemas=" + schema,
					"spring.flyway.create-schemas=true", "glowletter.base-url=https://news.example.org",
					"glowletter.sender.from=news@example.org",
					"glowletter.sender.postal-address=1 Bench Street, Benchville"));
		}
		else {
			// the default install's settings, unless the run names its own
			properties.add("spring.datasource.url=jdbc:h2:file:" + dir.resolve("bench")
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
					+ options.getOrDefault("h2-options", ";QUERY_CACHE_SIZE=64;WRITE_DELAY=0"));
		}

		AtomicLong peakHeapAfterGc = new AtomicLong();
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "heap-sampler");
			t.setDaemon(true);
			return t;
		});
		// as command-line arguments: they win over application.yml (default properties
		// would not)
		ConfigurableApplicationContext app = new SpringApplicationBuilder(GlowletterApplication.class)
			.run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
		int exit = 0;
		try {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			if (jdbc.sql("SELECT COUNT(*) FROM subscriber").query(Integer.class).single() > 0) {
				throw new IllegalStateException("the benchmark's database is not empty: "
						+ app.getEnvironment().getProperty("spring.datasource.url"));
			}
			String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
			System.out.printf(Locale.ROOT,
					"database: %s, readers: %,d, workers: %d, batch: %d, SMTP 127.0.0.1:%s, max heap %d MB%n",
					postgres ? "PostgreSQL (schema " + schema + ")" : "H2 file in " + dir, n, workers, batch, smtpPort,
					Runtime.getRuntime().maxMemory() >> 20);

			long seedStart = System.nanoTime();
			seed(jdbc, n, postgres);
			System.out.printf(Locale.ROOT, "seeded %,d confirmed readers in %.2f s (one statement)%n", n,
					seconds(seedStart));

			Long segmentId = null;
			if (options.containsKey("segment")) {
				long segmentStart = System.nanoTime();
				segmentId = segment(jdbc, base);
				System.out.printf(Locale.ROOT,
						"readers given topics and a skin type, segment %d made, in %.2f s (set-based)%n", segmentId,
						seconds(segmentStart));
			}
			boolean local = options.containsKey("local-time");
			if (local) {
				long zoneStart = System.nanoTime();
				// eight zones and the list's, spread over the readers in one statement
				jdbc.sql("""
						UPDATE subscriber SET time_zone = CASE MOD(id, 9) WHEN 0 THEN 'Europe/Paris'
						WHEN 1 THEN 'America/New_York' WHEN 2 THEN 'Asia/Tokyo' WHEN 3 THEN 'Australia/Sydney'
						WHEN 4 THEN 'America/Los_Angeles' WHEN 5 THEN 'Asia/Kolkata' WHEN 6 THEN 'Europe/London'
						WHEN 7 THEN 'America/Sao_Paulo' ELSE NULL END""").update();
				System.out.printf(Locale.ROOT, "readers given 8 time zones (1 in 9 none) in %.2f s%n",
						seconds(zoneStart));
			}
			long campaignId = digestCampaign(base, segmentId, local);
			if (fillOnly) {
				// time the queue alone
				app.getBean("deliveryWorkers", SmartLifecycle.class).stop();
			}
			Measured oneEdition = sendAndMeasure(app, jdbc, base, campaignId, fillOnly, sampler, peakHeapAfterGc);
			exit = oneEdition.complete() ? 0 : 1;
			if (options.containsKey("personal") && !fillOnly) {
				long personalId = personalEdition(jdbc, base);
				System.out.println(
						"-- the same digest, personal: each reader the newest 5 articles they have not " + "received");
				Measured personal = sendAndMeasure(app, jdbc, base, personalId, false, null, peakHeapAfterGc);
				exit = personal.complete() ? exit : 1;
				System.out.printf(Locale.ROOT,
						"personal / one edition, end to end: %.2f (%,.0f / %,.0f messages/s); distinct article "
								+ "sets: %d%n",
						personal.rate() / oneEdition.rate(), personal.rate(), oneEdition.rate(),
						// each reader group's set starts with an article of its own
						jdbc.sql("SELECT COUNT(DISTINCT c.article_id) FROM delivery_copy_article c JOIN delivery d ON "
								+ "d.id = c.delivery_id WHERE d.campaign_id = ? AND c.position = 1")
							.param(personalId)
							.query(Integer.class)
							.single());
			}
			System.out.printf(Locale.ROOT,
					"peak heap used: %d MB (pool peaks), %d MB (sampled every 100 ms); max heap %d MB%n",
					poolPeaks() >> 20, peakHeapAfterGc.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
			System.out.printf(Locale.ROOT, "process RSS peak (VmHWM): %s%n", vmHwm());
		}
		finally {
			sampler.shutdownNow();
			String url = app.getEnvironment().getProperty("spring.datasource.url");
			String user = app.getEnvironment().getProperty("spring.datasource.username");
			app.close();
			if (postgres) {
				// after the application stopped, so that no poller looks for its tables
				// meanwhile
				try (Connection connection = DriverManager.getConnection(url, user, "")) {
					connection.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
				}
			}
			deleteTree(dir);
		}
		System.exit(exit);
	}

	/** A campaign's messages/s end to end, and whether every queued copy was sent. */
	private record Measured(double rate, boolean complete) {
	}

	/**
	 * Runs the poller until the campaign is SENT (or only fills its queue) and prints
	 * what it took.
	 */
	private static Measured sendAndMeasure(ConfigurableApplicationContext app, JdbcClient jdbc, String base,
			long campaignId, boolean fillOnly, ScheduledExecutorService sampler, AtomicLong peakHeapAfterGc)
			throws Exception {
		CampaignPoller poller = new CampaignPoller(app);
		if (sampler != null) {
			resetPeaks();
			sampler.scheduleAtFixedRate(() -> peakHeapAfterGc.accumulateAndGet(heapUsed(), Math::max), 0, 100,
					TimeUnit.MILLISECONDS);
		}
		long start = System.nanoTime();
		// wins the campaign and fills its queue in one INSERT ... SELECT
		poller.tick();
		double fill = seconds(start);
		int queued = jdbc.sql("SELECT COUNT(*) FROM delivery WHERE campaign_id = ?")
			.param(campaignId)
			.query(Integer.class)
			.single();
		System.out.printf(Locale.ROOT, "queue filled: %,d copies in %.2f s%n", queued, fill);
		if (!fillOnly) {
			long lastReport = System.nanoTime();
			while (!"SENT".equals(status(jdbc, campaignId))) {
				Thread.sleep(200);
				if (System.nanoTime() - lastReport > 5_000_000_000L) {
					poller.tick();
					lastReport = System.nanoTime();
					System.out.printf(Locale.ROOT, "  ... %s, %.0f s%n", progress(base, campaignId), seconds(start));
				}
				else {
					poller.tick();
				}
				if ("PAUSED".equals(status(jdbc, campaignId))) {
					throw new IllegalStateException("the campaign paused itself: " + progress(base, campaignId));
				}
			}
			double total = seconds(start);
			Map<String, Integer> ledger = new HashMap<>();
			jdbc.sql("SELECT status, COUNT(*) FROM delivery WHERE campaign_id = ? GROUP BY status")
				.param(campaignId)
				.query((rs, row) -> ledger.put(rs.getString(1), rs.getInt(2)))
				.list();
			int sent = ledger.getOrDefault("SENT", 0);
			System.out.printf(Locale.ROOT, "SENT: %,d messages in %.2f s end to end (fill + send): %,.0f messages/s%n",
					sent, total, sent / total);
			System.out.printf(Locale.ROOT, "send only (after the queue was filled): %,.0f messages/s%n",
					sent / (total - fill));
			System.out.printf(Locale.ROOT, "ledger: %s%n", ledger);
			return new Measured(sent / total, sent == queued);
		}
		return new Measured(0, true);
	}

	/**
	 * The same digest made personal: 8 older articles, of which reader group
	 * {@code id mod 4 = g} received the {@code g} newest already (written into the
	 * article ledger in set-based statements), so that after the one edition each reader
	 * is owed 5 articles, in 4 distinct sets; a personal digest of 5 articles run now.
	 * Returns its edition's campaign.
	 */
	private static long personalEdition(JdbcClient jdbc, String base) throws Exception {
		List<Long> older = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String title = "From the archive, part " + (i + 1);
			String body = "<p>" + title + ". " + "Get updated with beauty resources, tips, and news. ".repeat(12)
					+ "</p>";
			older.add(call(base, "POST", "/api/articles",
					JSON.writeValueAsString(Map.of("title", title, "url", "https://blog.example.org/archive-" + i,
							"publishedAt", OffsetDateTime.now().minusHours(10 + i).toString(), "body", body)))
				.get("id")
				.asLong());
		}
		for (int i = 0; i < 3; i++) {
			jdbc.sql("""
					INSERT INTO delivery_article (subscriber_id, article_id, campaign_id, sent_at)
					SELECT s.id, :article, 0, :now FROM subscriber s WHERE MOD(s.id, 4) > :i""")
				.param("article", older.get(i))
				.param("now", OffsetDateTime.now())
				.param("i", i)
				.update();
		}
		long digest = call(base, "POST", "/api/digests",
				JSON.writeValueAsString(Map.of("name", "Personal digest", "cron", "0 9 * * MON", "timeZone", "UTC",
						"subjectPattern", "${subscriber.firstName!\"Hello\"}, this week in beauty", "intro",
						"The best of the blog this week.", "maxArticles", 5, "personal", true)))
			.get("id")
			.asLong();
		return call(base, "POST", "/api/digests/" + digest + "/run", null).get("campaignId").asLong();
	}

	/** One set-based statement: INSERT ... SELECT over a generated range. */
	private static void seed(JdbcClient jdbc, int n, boolean postgres) {
		OffsetDateTime now = OffsetDateTime.now();
		String range = (postgres ? "generate_series(1, " : "SYSTEM_RANGE(1, ") + n + ") AS r(x)";
		jdbc.sql("""
				INSERT INTO subscriber (email, first_name, status, created_at, status_changed_at,
				confirmed_at, token_version, version)
				SELECT CONCAT('reader', r.x, '@bench.example.org'), CONCAT('Reader', r.x), 'CONFIRMED',
				:now, :now, :now, 1, 0
				FROM \s""" + range).param("now", now).update();
	}

	/**
	 * Four topics and a custom field, chosen by the seeded readers in a few set-based
	 * statements: Hair by every second reader, Skin care by every third, Make-up by every
	 * fifth, Reviews by every seventh; the skin type is dry, oily, combination, normal or
	 * sensitive by turns. Then a segment, through the admin API: readers of Hair or Skin
	 * care whose skin is dry or oily (about 4 in 15). Returns its id.
	 */
	private static long segment(JdbcClient jdbc, String base) throws Exception {
		OffsetDateTime now = OffsetDateTime.now();
		String[] topics = { "Hair", "Skin care", "Make-up", "Reviews" };
		int[] every = { 2, 3, 5, 7 };
		for (int i = 0; i < topics.length; i++) {
			jdbc.sql("INSERT INTO topic (name, position, created_at) VALUES (?, ?, ?)")
				.params(topics[i], i, now)
				.update();
			jdbc.sql("""
					INSERT INTO subscriber_topic (subscriber_id, topic_id)
					SELECT s.id, t.id FROM subscriber s, topic t WHERE t.name = ? AND MOD(s.id, ?) = 0""")
				.params(topics[i], every[i])
				.update();
		}
		jdbc.sql("""
				INSERT INTO field (field_key, label, kind, choices, created_at)
				VALUES ('skinType', 'Skin type', 'CHOICE', ?, ?)""")
			.params("dry\noily\ncombination\nnormal\nsensitive", now)
			.update();
		jdbc.sql("""
				INSERT INTO subscriber_field (subscriber_id, field_id, text_value)
				SELECT s.id, f.id, CASE MOD(s.id, 5) WHEN 0 THEN 'dry' WHEN 1 THEN 'oily' WHEN 2 THEN 'combination'
				WHEN 3 THEN 'normal' ELSE 'sensitive' END
				FROM subscriber s, field f WHERE f.field_key = 'skinType'""").update();
		List<Long> ids = jdbc.sql("SELECT id FROM topic WHERE name IN ('Hair', 'Skin care') ORDER BY id")
			.query(Long.class)
			.list();
		JsonNode segment = call(base, "POST", "/api/segments",
				JSON.writeValueAsString(Map.of("name", "Hair or skin care, dry or oily skin", "filter",
						Map.of("match", "all", "conditions",
								List.of(Map.of("kind", "topics", "operator", "anyOf", "values", ids),
										Map.of("kind", "field", "field", "skinType", "operator", "oneOf", "values",
												List.of("dry", "oily")))))));
		return segment.get("id").asLong();
	}

	/**
	 * 5 articles and a 5-article digest, through the admin API as an admin would;
	 * scheduled now.
	 */
	private static long digestCampaign(String base, Long segmentId, boolean local) throws Exception {
		List<Long> articles = new ArrayList<>();
		String[] titles = { "Microneedling for hair regrowth: what the studies say",
				"A skin care routine that works in five minutes", "Sunscreen myths, checked",
				"Retinol without the irritation", "Why your moisturiser pills, and what to do" };
		for (int i = 0; i < titles.length; i++) {
			String body = "<p>" + titles[i] + ". " + "Get updated with beauty resources, tips, and news. ".repeat(12)
					+ "</p>";
			JsonNode created = call(base, "POST", "/api/articles",
					JSON.writeValueAsString(Map.of("title", titles[i], "url", "https://blog.example.org/article-" + i,
							"publishedAt", OffsetDateTime.now().minusHours(i + 1).toString(), "body", body)));
			articles.add(created.get("id").asLong());
		}
		Map<String, Object> fields = new HashMap<>(
				Map.of("subject", "${subscriber.firstName!\"Hello\"}, this week in beauty", "preheader",
						"Five reads for your skin and hair", "intro", "The best of the blog this week.", "template",
						"digest", "articleIds", articles));
		if (segmentId != null) {
			fields.put("segmentId", segmentId);
		}
		JsonNode campaign = call(base, "POST", "/api/campaigns", JSON.writeValueAsString(fields));
		long id = campaign.get("id").asLong();
		// local: a sending window of the reader's day, so each zone's copies get its own
		// time
		call(base, "POST", "/api/campaigns/" + id + "/schedule",
				local ? "{\"now\": true, \"windowFrom\": \"08:00\", \"windowUntil\": \"20:00\"}" : "{\"now\": true}");
		return id;
	}

	private static JsonNode call(String base, String method, String path, String json)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization",
					"Basic " + Base64.getEncoder()
						.encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/json")
			.method(method,
					json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(
					method + " " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private static String progress(String base, long id) {
		try {
			return call(base, "GET", "/api/campaigns/" + id, null).get("progress").toString();
		}
		catch (Exception ex) {
			return "(progress unavailable: " + ex + ")";
		}
	}

	private static String status(JdbcClient jdbc, long id) {
		return jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(id).query(String.class).single();
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static void resetPeaks() {
		ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
	}

	private static long poolPeaks() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(p -> p.getType() == MemoryType.HEAP)
			.mapToLong(p -> p.getPeakUsage().getUsed())
			.sum();
	}

	private static long heapUsed() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static String vmHwm() {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter(l -> l.startsWith("VmHWM"))
				.map(l -> l.replaceFirst("VmHWM:\\s*", ""))
				.findFirst()
				.orElse("n/a");
		}
		catch (IOException ex) {
			return "n/a";
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		try (var paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

}
