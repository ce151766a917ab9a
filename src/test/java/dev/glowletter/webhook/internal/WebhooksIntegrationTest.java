package dev.glowletter.webhook.internal;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.subscription.Subscriptions;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outbound webhooks against a real HTTP server on 127.0.0.1 (the private-address guard is
 * off in this context only) that checks each call's Standard Webhooks signature itself.
 */
@TestPropertySource(
		properties = { "glowletter.test.context=webhooks", "glowletter.webhooks.allow-private-addresses=true",
				"glowletter.webhooks.poll-interval=50ms", "glowletter.webhooks.timeout=5s" })
class WebhooksIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static HttpServer server;

	private static ExecutorService serverThreads;

	/**
	 * A call the server received, its signature checked against the endpoint's secret.
	 */
	record Call(String path, String id, String timestamp, boolean signatureValid, JsonNode body) {
	}

	private static final List<Call> CALLS = new CopyOnWriteArrayList<>();

	/** The secret of each path, as the endpoint's creation gave it. */
	private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();

	private static volatile CountDownLatch slowRelease = new CountDownLatch(0);

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	Subscriptions subscriptions;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	WebhookLedger ledger;

	@Autowired
	DataSource dataSource;

	@BeforeAll
	static void startServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		serverThreads = Executors.newCachedThreadPool();
		server.setExecutor(serverThreads);
		server.createContext("/", WebhooksIntegrationTest::handle);
		server.start();
	}

	@AfterAll
	static void stopServer() {
		slowRelease.countDown();
		server.stop(0);
		serverThreads.shutdownNow();
	}

	@AfterEach
	void forgetEndpoints() {
		slowRelease.countDown();
		jdbc.sql("DELETE FROM webhook_endpoint").update();
	}

	private static void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		byte[] raw = exchange.getRequestBody().readAllBytes();
		String body = new String(raw, StandardCharsets.UTF_8);
		String id = exchange.getRequestHeaders().getFirst("webhook-id");
		String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
		String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
		CALLS.add(new Call(path, id, timestamp, verifies(SECRETS.get(path), id, timestamp, body, signature),
				JSON.readTree(body)));
		int status = 204;
		if (path.startsWith("/fail")) {
			status = 500;
		}
		else if (path.startsWith("/slow")) {
			try {
				slowRelease.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] answer = (status == 500 ? "<h1>Internal error</h1>" : "").getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
		if (answer.length > 0) {
			exchange.getResponseBody().write(answer);
		}
		exchange.close();
	}

	/** Standard Webhooks, checked without the application's code. */
	private static boolean verifies(String secret, String id, String timestamp, String body, String header) {
		if (secret == null || id == null || timestamp == null || header == null || !secret.startsWith("whsec_")) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
			String expected = "v1," + Base64.getEncoder()
				.encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
			return List.of(header.split(" ")).contains(expected);
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** Registers an endpoint for these events at a path of its own; returns the path. */
	private String endpoint(String kind, String... events) throws Exception {
		String path = "/" + kind + "-" + COUNTER.incrementAndGet();
		MvcResult result = mvc
			.perform(post("/api/webhooks").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(
						Map.of("url", url(path), "description", "test " + kind, "events", List.of(events)))))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.secret", startsWith("whsec_")))
			.andReturn();
		SECRETS.put(path, JSON.readTree(result.getResponse().getContentAsString()).get("secret").asText());
		return path;
	}

	private static String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	private long endpointId(String path) {
		return jdbc.sql("SELECT id FROM webhook_endpoint WHERE url = ?").param(url(path)).query(Long.class).single();
	}

	private static List<Call> callsTo(String path) {
		return CALLS.stream().filter(call -> call.path().equals(path)).toList();
	}

	private static List<Call> awaitCalls(String path, int count) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> callsTo(path).size() >= count);
		return callsTo(path);
	}

	private static String address(String name) {
		return name + "-" + COUNTER.incrementAndGet() + "-" + System.nanoTime() % 100_000 + "@example.org";
	}

	private static String link(MimeMessage message, String prefix) {
		Matcher matcher = Pattern.compile("https?://[^/\\s]+(" + Pattern.quote(prefix) + "[A-Za-z0-9_-]+)")
			.matcher(GreenMailUtil.getBody(message).replace("=\r\n", ""));
		assertThat(matcher.find()).as("a link to " + prefix).isTrue();
		return matcher.group(1);
	}

	private static String header(MimeMessage message, String name) {
		try {
			return message.getHeader(name, null);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aReaderWhoConfirmsAndLeavesIsReportedWithSignedCalls() throws Exception {
		String path = endpoint("ok", "subscriber.confirmed", "subscriber.unsubscribed");
		String email = address("rosa");
		int n = COUNTER.incrementAndGet();
		mvc.perform(post("/subscribe").with(csrf()).with(request -> {
			request.setRemoteAddr("10.9." + (n / 256 % 256) + "." + (n % 256));
			return request;
		}).param("email", email).param("firstName", "Rosa").param("consent", "true"))
			.andExpect(status().is3xxRedirection());
		String confirm = link(awaitMails(email, 1).get(0), "/confirm/");
		mvc.perform(post(confirm).with(csrf())).andExpect(status().isOk());

		Call confirmed = awaitCalls(path, 1).get(0);
		assertThat(confirmed.signatureValid()).as("signature").isTrue();
		assertThat(confirmed.id()).startsWith("msg_");
		assertThat(Double.parseDouble(confirmed.timestamp())).isCloseTo((double) clock.instant().getEpochSecond(),
				offset(5.0));
		assertThat(confirmed.body().get("type").asText()).isEqualTo("subscriber.confirmed");
		assertThat(confirmed.body().get("data").get("email").asText()).isEqualTo(email);
		assertThat(confirmed.body().get("data").get("firstName").asText()).isEqualTo("Rosa");
		assertThat(confirmed.body().get("data").get("status").asText()).isEqualTo("CONFIRMED");

		MimeMessage welcome = awaitMails(email, 2).stream()
			.filter(message -> header(message, "List-Unsubscribe") != null)
			.findFirst()
			.orElseThrow();
		String unsubscribe = header(welcome, "List-Unsubscribe").replaceAll("^<https?://[^/]+", "")
			.replaceAll(">$", "");
		mvc.perform(post(unsubscribe).with(csrf()).param("List-Unsubscribe", "One-Click")).andExpect(status().isOk());

		Call left = awaitCalls(path, 2).get(1);
		assertThat(left.signatureValid()).isTrue();
		assertThat(left.body().get("type").asText()).isEqualTo("subscriber.unsubscribed");
		assertThat(left.body().get("data").get("email").asText()).isEqualTo(email);
		assertThat(left.id()).isNotEqualTo(confirmed.id());
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> jdbc
				.sql("SELECT COUNT(*) FROM webhook_delivery WHERE endpoint_id = ? AND status = 'DELIVERED' "
						+ "AND response_status = 204")
				.param(endpointId(path))
				.query(Long.class)
				.single() == 2);
	}

	@Test
	void aCampaignThatGoesOutIsReportedStartedThenFinished() throws Exception {
		String path = endpoint("campaigns", "campaign.started", "campaign.finished");
		String other = endpoint("readers-only", "subscriber.confirmed");
		long article = CampaignsApi.article(mvc, "Webhook campaign article");
		long id = CampaignsApi.campaign(mvc, Map.of("subject", "Webhook week", "articleIds", List.of(article)));
		CampaignsApi.sendNow(mvc, jdbc, context, id);

		// two calls to one endpoint may be under way at once (per-endpoint), so they may
		// arrive in either order: each says when its event happened
		List<Call> calls = awaitCalls(path, 2);
		assertThat(calls).allSatisfy(call -> assertThat(call.signatureValid()).isTrue());
		Map<String, Instant> happened = calls.stream()
			.collect(Collectors.toMap(call -> call.body().get("type").asText(),
					call -> Instant.parse(call.body().get("timestamp").asText())));
		assertThat(happened).containsOnlyKeys("campaign.started", "campaign.finished");
		assertThat(happened.get("campaign.started")).isBeforeOrEqualTo(happened.get("campaign.finished"));
		assertThat(calls).allSatisfy(call -> assertThat(call.body().get("data").get("id").asLong()).isEqualTo(id));
		assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());
		// an endpoint that did not choose them gets none
		assertThat(callsTo(other)).isEmpty();
	}

	@Test
	void aFailingEndpointIsRetriedWithBackOffForADayThenDisabled() throws Exception {
		String path = endpoint("fail", "subscriber.bounced");
		long endpoint = endpointId(path);
		long reader = Readers.confirmed(jdbc, address("bounce"), null);
		subscriptions.markBounced(reader, "550 5.1.1 no such user");

		List<Duration> waits = new ArrayList<>();
		for (int attempt = 1; attempt <= 20; attempt++) {
			int expected = attempt;
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> row(endpoint).attempts() == expected);
			Row row = row(endpoint);
			assertThat(row.responseStatus()).isEqualTo(500);
			if (row.status().equals("FAILED")) {
				break;
			}
			waits.add(Duration.between(row.lastAttemptAt(), row.nextAttemptAt()));
			clock.set(row.nextAttemptAt());
		}
		Row last = row(endpoint);
		assertThat(last.status()).isEqualTo("FAILED");
		assertThat(waits.subList(0, 4)).containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(2),
				Duration.ofMinutes(10), Duration.ofHours(1));
		assertThat(Duration.between(last.firstAttemptAt(), last.lastAttemptAt())).isEqualTo(Duration.ofHours(24));
		assertThat(callsTo(path)).hasSize(last.attempts()).allMatch(Call::signatureValid);
		assertThat(jdbc.sql("SELECT enabled FROM webhook_endpoint WHERE id = ?")
			.param(endpoint)
			.query(Boolean.class)
			.single()).isFalse();
		mvc.perform(get("/admin/webhooks").with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("no 2xx answer since")));
		mvc.perform(get("/admin/webhooks/" + endpoint).with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("HTTP 500")))
			.andExpect(content().string(containsString("&lt;h1&gt;Internal error")));

		// a disabled endpoint gets nothing; enabled again, it gets the next event
		subscriptions.markBounced(Readers.confirmed(jdbc, address("bounce"), null), "550 gone");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE endpoint_id = ?")
			.param(endpoint)
			.query(Long.class)
			.single()).isEqualTo(1);
		mvc.perform(MockMvcRequestBuilders.request(HttpMethod.PATCH, "/api/webhooks/" + endpoint)
			.with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"enabled\": true}")).andExpect(status().isOk()).andExpect(jsonPath("$.enabled").value(true));
		subscriptions.markBounced(Readers.confirmed(jdbc, address("bounce"), null), "550 gone");
		awaitCalls(path, last.attempts() + 1);
	}

	record Row(long id, String status, int attempts, Integer responseStatus, Instant firstAttemptAt,
			Instant lastAttemptAt, Instant nextAttemptAt) {
	}

	private Row row(long endpoint) {
		return jdbc
			.sql("SELECT id, status, attempts, response_status, first_attempt_at, last_attempt_at, "
					+ "next_attempt_at FROM webhook_delivery WHERE endpoint_id = ? ORDER BY id FETCH FIRST 1 ROWS ONLY")
			.param(endpoint)
			.query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getInt(3),
					rs.getObject(4) == null ? null : rs.getInt(4), instant(rs.getObject(5, OffsetDateTime.class)),
					instant(rs.getObject(6, OffsetDateTime.class)), instant(rs.getObject(7, OffsetDateTime.class))))
			.single();
	}

	private static Instant instant(OffsetDateTime value) {
		return value == null ? null : value.toInstant();
	}

	@Test
	void aSlowEndpointDoesNotDelayAnother() throws Exception {
		slowRelease = new CountDownLatch(1);
		String slow = endpoint("slow", "subscriber.bounced");
		String fast = endpoint("ok", "subscriber.bounced");
		for (int i = 0; i < 3; i++) {
			subscriptions.markBounced(Readers.confirmed(jdbc, address("slow"), null), "550 gone");
		}
		// the slow endpoint holds each call 5 s (the timeout); the other gets all three
		// now
		Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> callsTo(fast).size() == 3);
		assertThat(slowRelease.getCount()).isEqualTo(1);
		// at most two calls at once to one endpoint: the third waits for a free one
		Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> callsTo(slow).size() == 2);
		assertThat(callsTo(slow)).hasSize(2);
		slowRelease.countDown();
	}

	@Test
	void aChangeRolledBackSendsNothing() throws Exception {
		String path = endpoint("ok", "subscriber.bounced");
		String gone = address("rolledback");
		long rolledBack = Readers.confirmed(jdbc, gone, null);
		transactions.executeWithoutResult(status -> {
			subscriptions.markBounced(rolledBack, "550 gone");
			status.setRollbackOnly();
		});
		assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE endpoint_id = ?")
			.param(endpointId(path))
			.query(Long.class)
			.single()).isZero();
		String kept = address("committed");
		subscriptions.markBounced(Readers.confirmed(jdbc, kept, null), "550 gone");
		assertThat(awaitCalls(path, 1)).singleElement()
			.satisfies(call -> assertThat(call.body().get("data").get("email").asText()).isEqualTo(kept));
	}

	@Test
	void deliveriesInTheDatabaseAreSentAfterARestart() throws Exception {
		String path = endpoint("ok", "campaign.started");
		// what a crashed instance left: a row claimed, its lease run out
		jdbc.sql("""
				INSERT INTO webhook_delivery (endpoint_id, message_id, event_type, payload, status, attempts,
				created_at, next_attempt_at, locked_until) VALUES (?, 'msg_left-by-a-crash', 'campaign.started',
				'{"type":"campaign.started","data":{"id":7}}', 'PENDING', 0, ?, ?, ?)
				""")
			.params(endpointId(path), OffsetDateTime.now(), OffsetDateTime.now().minusMinutes(5),
					clock.instant().minusSeconds(1).atOffset(ZoneOffset.UTC))
			.update();
		Call call = awaitCalls(path, 1).get(0);
		assertThat(call.id()).isEqualTo("msg_left-by-a-crash");
		assertThat(call.signatureValid()).isTrue();
		assertThat(call.body().get("data").get("id").asInt()).isEqualTo(7);
	}

	@Test
	void anEndpointDeletedWhileACallsAnswerIsRecordedIsGoneWithItsCalls() throws Exception {
		String path = endpoint("fail", "campaign.started");
		long endpoint = endpointId(path);
		// a call claimed a moment ago, not due again for the dispatcher
		long delivery = ledger.enqueue(endpoint, "msg_answered", "campaign.started", "{}");
		jdbc.sql("UPDATE webhook_delivery SET next_attempt_at = ? WHERE id = ?")
			.params(OffsetDateTime.now().plusDays(1), delivery)
			.update();
		WebhookLedger.Claimed call = new WebhookLedger.Claimed(delivery, endpoint, url(path), SECRETS.get(path),
				"msg_answered", "{}", 0, null);
		try (Connection admin = dataSource.getConnection()) {
			admin.setAutoCommit(false);
			// the admin's delete has taken the endpoint's row
			try (PreparedStatement lock = admin
				.prepareStatement("SELECT id FROM webhook_endpoint WHERE id = ? FOR UPDATE")) {
				lock.setLong(1, endpoint);
				lock.executeQuery().close();
			}
			CompletableFuture<Void> answer = CompletableFuture
				.runAsync(() -> ledger.failed(call, 500, "<h1>Internal error</h1>", "HTTP 500"));
			String waiting = sessionsWaitingForALock();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> jdbc.sql(waiting).query(Long.class).single() > 0 || answer.isDone());
			// ... and goes on to the endpoint's calls, by the cascade
			try (PreparedStatement delete = admin.prepareStatement("DELETE FROM webhook_endpoint WHERE id = ?")) {
				delete.setLong(1, endpoint);
				assertThat(delete.executeUpdate()).isOne();
			}
			admin.commit();
			answer.get(10, TimeUnit.SECONDS);
		}
		assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE endpoint_id = ?")
			.param(endpoint)
			.query(Long.class)
			.single()).isZero();
	}

	/** A query that counts the sessions waiting for another's lock, on this database. */
	private String sessionsWaitingForALock() throws Exception {
		String database = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		return database.equals("PostgreSQL")
				? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
						+ "AND datname = current_database()"
				: "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
	}

	@Test
	void sendAgainSendsTheSamePayloadWithTheSameId() throws Exception {
		String path = endpoint("ok", "subscriber.bounced");
		subscriptions.markBounced(Readers.confirmed(jdbc, address("again"), null), "550 gone");
		Call first = awaitCalls(path, 1).get(0);
		long delivery = row(endpointId(path)).id();
		mvc.perform(post("/api/webhooks/deliveries/" + delivery + "/retry").with(admin()))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.messageId").value(first.id()));
		mvc.perform(post("/admin/webhooks/deliveries/" + delivery + "/retry").with(csrf())
			.with(user("admin").roles("OWNER"))).andExpect(status().is3xxRedirection());
		List<Call> calls = awaitCalls(path, 3);
		assertThat(calls).extracting(Call::id).containsOnly(first.id());
		assertThat(calls).allMatch(Call::signatureValid).extracting(Call::body).containsOnly(first.body());
		mvc.perform(get("/api/webhooks/" + endpointId(path) + "/deliveries").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(3));
	}

	@Test
	void theSecretIsShownOnlyAtCreation() throws Exception {
		String path = endpoint("ok", "campaign.finished");
		mvc.perform(get("/api/webhooks/" + endpointId(path)).with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.secret").doesNotExist())
			.andExpect(content().string(not(containsString(SECRETS.get(path)))));
	}

	@Test
	void badUrlsAndEventsAreRefused() throws Exception {
		for (String url : List.of("ftp://example.org/hook", "file:///etc/passwd", "javascript:alert(1)",
				"https://user:secret@example.org/hook", "https://example.org/" + "a".repeat(2000), "not a url", "")) {
			mvc.perform(post("/api/webhooks").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(Map.of("url", url, "events", List.of("subscriber.confirmed")))))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.errors.url").exists());
		}
		mvc.perform(post("/api/webhooks").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"url\": \"https://example.org/hook\", \"events\": [\"subscriber.exploded\"]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.events").exists());
		mvc.perform(post("/api/webhooks").with(admin()).contentType(MediaType.APPLICATION_JSON).content("[1,2"))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/admin/webhooks").with(csrf())
			.with(user("admin").roles("OWNER"))
			.param("url", "ftp://example.org/hook")
			.param("events", "subscriber.confirmed"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Only http:// and https://")))
			.andExpect(content().string(containsString("value=\"ftp://example.org/hook\"")));
		mvc.perform(post("/admin/webhooks").with(csrf())
			.with(user("admin").roles("OWNER"))
			.param("url", "https://example.org/\"><script>alert(1)</script>"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This is not a URL.")))
			.andExpect(content().string(containsString("Choose at least one event.")))
			.andExpect(content().string(not(containsString("<script>alert(1)"))));
		mvc.perform(post("/api/webhooks/deliveries/999999/retry").with(admin())).andExpect(status().isNotFound());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_endpoint").query(Long.class).single()).isZero();
	}

}
