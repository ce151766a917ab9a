package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.AdminApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.campaign.internal.CampaignPoller;
import dev.glowletter.delivery.CampaignDeliveries;
import dev.glowletter.delivery.DeliveryProgress;
import dev.glowletter.delivery.smtp.ScriptedSmtpServer;
import dev.glowletter.delivery.smtp.SmtpConnection;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery engine (issue 5) against an SMTP server that answers what each test says:
 * one copy per confirmed reader, skips, retries, bounces, lost and refused connections,
 * leases, "retry failed", completion counters, metrics, and transactional mail beside a
 * running campaign. One worker and small batches, so that what happens to a batch is
 * predictable.
 */
@TestPropertySource(properties = { "glowletter.delivery.workers=1", "glowletter.delivery.campaign-batch=10",
		"glowletter.delivery.max-attempts=2", "glowletter.delivery.pause-after-connection-failures=3",
		"glowletter.delivery.rate-per-second=300", "glowletter.delivery.domain-rates[slow.example]=2" })
class CampaignDeliveryIntegrationTest extends IntegrationTest {

	static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern UNSUBSCRIBE_LINK = Pattern.compile("/unsubscribe/[A-Za-z0-9_\\-]+");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	CampaignDeliveries deliveries;

	@Autowired
	DeliveryWorkers workers;

	@Autowired
	WorkerWakeUps wakeUps;

	@Autowired
	DeliveryProperties properties;

	@Autowired
	JavaMailSenderImpl mailSettings;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApplicationContext context;

	CampaignPoller poller;

	@BeforeEach
	void cleanSlate() {
		// spring.mail.* is bound once into this bean, which every sender reads when it
		// connects; the base
		// class's property source for GreenMail would win over one declared here
		mailSettings.setHost("127.0.0.1");
		mailSettings.setPort(SMTP.port());
		SMTP.reset();
		for (String table : new String[] { "delivery", "delivery_campaign", "delivery_fill", "outbox_message",
				"campaign_article", "campaign", "subscriber", "article_tag", "article" }) {
			jdbc.sql("DELETE FROM " + table).update();
		}
		poller = new CampaignPoller(context);
	}

	@AfterEach
	void workersRunAgain() {
		SMTP.reset();
		if (!workers.isRunning()) {
			workers.start();
		}
	}

	// --- the ledger: one copy per confirmed reader ---

	@Test
	void everyConfirmedReaderIsQueuedOnceAndStartingAgainQueuesNobodyTwice() throws Exception {
		List<String> confirmed = List.of("one@example.org", "two@example.org", "three@example.org", "four@example.org",
				"five@example.org");
		confirmed.forEach(email -> Readers.confirmed(jdbc, email, "Reader"));
		Readers.confirmed(jdbc, "pending@example.org", null);
		Readers.confirmed(jdbc, "left@example.org", null);
		jdbc.sql("UPDATE subscriber SET status = 'PENDING' WHERE email = 'pending@example.org'").update();
		jdbc.sql("UPDATE subscriber SET status = 'UNSUBSCRIBED' WHERE email = 'left@example.org'").update();
		long id = campaign("Once each");

		workers.stop();
		scheduleNow(id);
		poller.tick();
		assertThat(deliveries.start(id)).as("a second start queues nobody").isZero();
		// the poller's "won but not queued" path calls start again only if there is no
		// ledger
		poller.tick();
		assertThat(ledger(id)).containsExactlyEntriesOf(Map.of("QUEUED", 5));
		assertThat(jdbc.sql("SELECT COUNT(DISTINCT subscriber_id) FROM delivery WHERE campaign_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).isEqualTo(5);
		assertThat(deliveries.progress(id).recipients()).isEqualTo(5);
		assertThat(campaignStatus(id)).isEqualTo("SENDING");

		workers.start();
		awaitSent(id);
		for (String email : confirmed) {
			assertThat(SMTP.acceptedFor(email)).as("copies to " + email).isEqualTo(1);
		}
		assertThat(SMTP.acceptedFor("pending@example.org")).isZero();
		assertThat(SMTP.acceptedFor("left@example.org")).isZero();
		assertThat(SMTP.accepted()).hasSize(5);
		// each copy's Message-ID is recorded in the ledger and is the one on the wire
		for (Map<String, Object> row : jdbc
			.sql("SELECT s.email, d.message_id, d.sent_at FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id "
					+ "WHERE d.campaign_id = ?")
			.param(id)
			.query()
			.listOfRows()) {
			assertThat(row.get("sent_at")).isNotNull();
			String messageId = (String) row.get("message_id");
			assertThat(messageId).isNotBlank();
			assertThat(SMTP.acceptedTo((String) row.get("email")).get(0).data()).contains(messageId);
		}
	}

	@Test
	void twoInstancesStartingACampaignAtTheSameMomentBothSucceedAndQueueEachReaderOnce() throws Exception {
		Readers.confirmedMany(jdbc, "race", "example.org", 3);
		workers.stop();
		// the winner of the campaign's start, and another instance's poller that saw it
		// SENDING with no queue yet
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 20; round++) {
				long id = campaign("Race " + round);
				CyclicBarrier together = new CyclicBarrier(2);
				Callable<Integer> start = () -> {
					together.await();
					return deliveries.start(id);
				};
				List<Future<Integer>> starts = instances.invokeAll(List.of(start, start));
				assertThat(starts.get(0).get() + starts.get(1).get()).as("copies queued by both starts").isEqualTo(3);
				assertThat(ledger(id)).containsExactlyEntriesOf(Map.of("QUEUED", 3));
				deliveries.cancel(id);
			}
		}
		finally {
			instances.shutdownNow();
		}
	}

	@Test
	void readerWhoUnsubscribesAfterTheQueueIsFilledIsSkippedNotSent() throws Exception {
		Readers.confirmed(jdbc, "stays@example.org", "Stays");
		long leaves = Readers.confirmed(jdbc, "leaves@example.org", "Leaves");
		long id = campaign("Skip the leaver");

		workers.stop();
		scheduleNow(id);
		poller.tick();
		assertThat(ledger(id)).containsEntry("QUEUED", 2);
		// the reader one-clicks the unsubscribe link of their copy (RFC 8058), after the
		// queue was filled
		String preview = mvc
			.perform(adminJson(post("/api/campaigns/" + id + "/preview"), "{\"subscriberId\": " + leaves + "}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Matcher link = UNSUBSCRIBE_LINK.matcher(JSON.readTree(preview).get("html").asString());
		assertThat(link.find()).as("the copy carries an unsubscribe link").isTrue();
		mvc.perform(post(link.group()).param("List-Unsubscribe", "One-Click")).andExpect(status().isOk());

		workers.start();
		awaitSent(id);
		assertThat(SMTP.acceptedFor("stays@example.org")).isEqualTo(1);
		assertThat(SMTP.acceptedFor("leaves@example.org")).isZero();
		Map<String, Object> row = deliveryOf(id, "leaves@example.org");
		assertThat(row.get("status")).isEqualTo("SKIPPED");
		assertThat((String) row.get("last_error")).isEqualTo("the reader is unsubscribed");
		assertThat(deliveries.progress(id).skipped()).isEqualTo(1);
		assertThat(deliveries.progress(id).sent()).isEqualTo(1);
	}

	// --- SMTP replies ---

	@Test
	void temporaryFailureIsRetriedAfterTheBackoffAndDeliveredOnce() throws Exception {
		SMTP.answerRcpt("full@example.org", 451);
		Readers.confirmed(jdbc, "full@example.org", "Full");
		Readers.confirmed(jdbc, "fine@example.org", "Fine");
		long id = campaign("Mailbox full");
		scheduleNow(id);
		poller.tick();

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts(id, "full@example.org") == 1);
		assertThat(SMTP.acceptedFor("fine@example.org")).isEqualTo(1);
		Map<String, Object> waiting = deliveryOf(id, "full@example.org");
		assertThat(waiting.get("status")).isEqualTo("QUEUED");
		assertThat((String) waiting.get("last_error")).contains("451");

		// workers poll every 100 ms: had the backoff been ignored, the copy would go
		// within this time
		Awaitility.await()
			.during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(
					() -> assertThat(SMTP.acceptedFor("full@example.org")).as("not before the backoff").isZero());
		clock.advance(properties.firstRetry().minusSeconds(2));
		Awaitility.await()
			.during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(
					() -> assertThat(SMTP.acceptedFor("full@example.org")).as("not before the backoff").isZero());
		poller.tick();
		assertThat(campaignStatus(id)).as("a copy waiting for its retry keeps the campaign sending")
			.isEqualTo("SENDING");

		clock.advance(Duration.ofSeconds(3));
		awaitSent(id);
		assertThat(SMTP.acceptedFor("full@example.org")).isEqualTo(1);
		assertThat(deliveryOf(id, "full@example.org")).containsEntry("status", "SENT");
		assertThat(attempts(id, "full@example.org")).isEqualTo(2);
		assertThat(deliveries.progress(id).retried()).isEqualTo(1);
		assertThat(deliveries.progress(id).sent()).isEqualTo(2);
		assertThat(readerStatus("full@example.org")).isEqualTo("CONFIRMED");
	}

	@Test
	void permanentFailureOnTheRecipientFailsTheCopyWithTheReplyAndMarksTheReaderBounced() throws Exception {
		SMTP.answerRcpt("gone@example.org", 550);
		SMTP.answerData("refused@example.org", 554);
		Readers.confirmed(jdbc, "gone@example.org", "Gone");
		Readers.confirmed(jdbc, "refused@example.org", "Refused");
		Readers.confirmed(jdbc, "here@example.org", "Here");
		long id = campaign("Bounces");
		scheduleNow(id);
		poller.tick();
		awaitSent(id);

		for (String email : List.of("gone@example.org", "refused@example.org")) {
			Map<String, Object> row = deliveryOf(id, email);
			assertThat(row.get("status")).as(email).isEqualTo("FAILED");
			assertThat(((Number) row.get("attempts")).intValue()).as("no retry of a 5xx").isEqualTo(1);
			assertThat((String) row.get("last_error")).contains("Scripted permanent failure");
			assertThat(SMTP.acceptedFor(email)).isZero();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "BOUNCED".equals(readerStatus(email)));
			// counted in the campaign's report as a hard bounce heard during the
			// transaction
			assertThat(jdbc
				.sql("SELECT b.kind, b.source, b.campaign_id FROM bounce b JOIN subscriber s ON "
						+ "s.id = b.subscriber_id WHERE s.email = ?")
				.param(email)
				.query()
				.listOfRows()).as(email)
				.singleElement()
				.satisfies(bounce -> assertThat(bounce).containsEntry("kind", "HARD")
					.containsEntry("source", "SMTP")
					.containsEntry("campaign_id", id));
		}
		assertThat((String) deliveryOf(id, "gone@example.org").get("last_error")).contains("550");
		assertThat((String) deliveryOf(id, "refused@example.org").get("last_error")).contains("554");
		assertThat(SMTP.acceptedFor("here@example.org")).isEqualTo(1);
		assertThat(readerStatus("here@example.org")).isEqualTo("CONFIRMED");

		JsonNode failures = JSON.readTree(mvc.perform(admin(get("/api/campaigns/" + id + "/failures")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(failures).hasSize(2);
		assertThat(failures.toString()).contains("550").contains("554");
		JsonNode progress = view(id).get("progress");
		assertThat(progress.get("failed").asInt()).isEqualTo(2);
		assertThat(progress.get("sent").asInt()).isEqualTo(1);
	}

	@Test
	void aRetryThatWouldFallOutsideTheSendingWindowWaitsForItsOpeningInTheReadersZone() throws Exception {
		SMTP.answerRcpt("late@example.org", 451);
		long reader = Readers.confirmed(jdbc, "late@example.org", "Late");
		jdbc.sql("UPDATE subscriber SET time_zone = 'Europe/Paris' WHERE id = ?").param(reader).update();
		// 19:59:50 in Paris: the window is open for the first attempt, not for the retry
		clock.set(Instant.parse("2027-01-15T18:59:50Z"));
		long id = campaign("Late evening");
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"now\": true, \"windowFrom\": \"08:00\", \"windowUntil\": \"20:00\"}"))
			.andExpect(status().isOk());
		poller.tick();

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts(id, "late@example.org") == 1);
		assertThat(jdbc.sql("SELECT next_attempt_at FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
			.params(id, reader)
			.query(OffsetDateTime.class)
			.single()
			.toInstant()).as("08:00 the next morning in Paris, not 30 s after 19:59:50")
			.isEqualTo(Instant.parse("2027-01-16T07:00:00Z"));
		clock.advance(properties.firstRetry().plusSeconds(1));
		Awaitility.await()
			.during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(
					() -> assertThat(attempts(id, "late@example.org")).as("not while the window is shut").isEqualTo(1));
	}

	@Test
	void deliveryMetersCountSentFailedAndRetried() throws Exception {
		double sent = counter("glowletter.delivery.sent");
		double failed = counter("glowletter.delivery.failed");
		double retried = counter("glowletter.delivery.retried");
		SMTP.answerRcpt("later@example.org", 451);
		SMTP.answerRcpt("never@example.org", 550);
		Readers.confirmed(jdbc, "later@example.org", null);
		Readers.confirmed(jdbc, "never@example.org", null);
		Readers.confirmed(jdbc, "now@example.org", null);
		long id = campaign("Metrics");
		scheduleNow(id);
		poller.tick();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts(id, "later@example.org") == 1);
		clock.advance(properties.firstRetry().plusSeconds(1));
		awaitSent(id);

		assertThat(counter("glowletter.delivery.sent") - sent).isEqualTo(2);
		assertThat(counter("glowletter.delivery.failed") - failed).isEqualTo(1);
		assertThat(counter("glowletter.delivery.retried") - retried).isEqualTo(1);
		assertThat(meters.get("glowletter.delivery.smtp").timer().count()).isGreaterThanOrEqualTo(2);
	}

	// --- the connection ---

	@Test
	void lostConnectionReturnsTheRestOfTheBatchWithoutCountingAttemptsAndEveryoneGetsOneCopy() throws Exception {
		List<String> readers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			readers.add("cut" + i + "@example.org");
			Readers.confirmed(jdbc, readers.get(i), null);
		}
		SMTP.dropConnectionAfter(3);
		long id = campaign("Cut off");
		scheduleNow(id);
		poller.tick();
		awaitSent(id);

		assertThat(SMTP.drops()).as("the connection was dropped mid-batch").isEqualTo(1);
		for (String email : readers) {
			assertThat(SMTP.acceptedFor(email)).as("copies to " + email).isEqualTo(1);
		}
		assertThat(ledger(id)).containsExactlyEntriesOf(Map.of("SENT", 10));
		assertThat(jdbc.sql("SELECT MAX(attempts) FROM delivery WHERE campaign_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).as("a lost connection is not the readers' fault: no attempt counted").isEqualTo(1);
		assertThat(deliveries.progress(id).retried()).isZero();
	}

	@Test
	void repeatedConnectionFailuresPauseTheCampaignWithTheReasonVisibleAndResumeSendsEachOnce() throws Exception {
		for (int i = 0; i < 3; i++) {
			Readers.confirmed(jdbc, "wait" + i + "@example.org", null);
		}
		SMTP.refuseConnections(true);
		SMTP.dropOpenConnections();
		long id = campaign("Relay down");
		scheduleNow(id);
		poller.tick();

		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "PAUSED".equals(campaignStatus(id)));
		JsonNode paused = view(id);
		assertThat(paused.get("status").asString()).isEqualTo("PAUSED");
		assertThat(paused.get("statusReason").asString()).contains("could not be reached 3 times");
		assertThat(SMTP.accepted()).isEmpty();
		assertThat(ledger(id)).containsExactlyEntriesOf(Map.of("QUEUED", 3));
		assertThat(jdbc.sql("SELECT MAX(attempts) FROM delivery WHERE campaign_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).isZero();

		SMTP.refuseConnections(false);
		mvc.perform(admin(post("/api/campaigns/" + id + "/resume"))).andExpect(status().isOk());
		awaitSent(id);
		for (int i = 0; i < 3; i++) {
			assertThat(SMTP.acceptedFor("wait" + i + "@example.org")).isEqualTo(1);
		}
		assertThat(view(id).get("statusReason").isNull()).isTrue();
	}

	@Test
	void expiredLeaseOfACrashedWorkerReturnsItsRowsAndEachIsDeliveredOnce() throws Exception {
		for (int i = 0; i < 3; i++) {
			Readers.confirmed(jdbc, "crash" + i + "@example.org", null);
		}
		long id = campaign("Crash");
		workers.stop();
		scheduleNow(id);
		poller.tick();
		// a worker claims, then dies before sending
		CampaignLedger.Claim crashed = workers.claim();
		assertThat(crashed.copies()).hasSize(3);

		workers.start();
		Awaitility.await()
			.during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(
					() -> assertThat(SMTP.accepted()).as("leased rows are not claimed again while the lease runs")
						.isEmpty());
		poller.tick();
		assertThat(campaignStatus(id)).as("copies in flight keep the campaign sending").isEqualTo("SENDING");

		clock.advance(properties.lease().plusSeconds(1));
		awaitSent(id);
		for (int i = 0; i < 3; i++) {
			assertThat(SMTP.acceptedFor("crash" + i + "@example.org")).isEqualTo(1);
		}
		assertThat(ledger(id)).containsExactlyEntriesOf(Map.of("SENT", 3));
		assertThat(jdbc.sql("SELECT MAX(attempts) FROM delivery WHERE campaign_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	// --- completion and "retry failed" ---

	@Test
	void campaignIsSentOnlyWhenNothingIsQueuedOrInFlightAndItsCountersMatchTheLedger() throws Exception {
		SMTP.answerRcpt("bad@example.org", 550);
		for (String email : List.of("a@example.org", "b@example.org", "bad@example.org", "quits@example.org")) {
			Readers.confirmed(jdbc, email, null);
		}
		long id = campaign("Counters");
		workers.stop();
		scheduleNow(id);
		poller.tick();
		jdbc.sql("UPDATE subscriber SET status = 'UNSUBSCRIBED' WHERE email = 'quits@example.org'").update();
		CampaignLedger.Claim inFlight = workers.claim();
		assertThat(inFlight.copies()).hasSize(4);

		poller.tick();
		assertThat(campaignStatus(id)).as("claimed but not recorded").isEqualTo("SENDING");
		assertThat(deliveries.isComplete(id)).isFalse();
		assertThat(view(id).get("progress").get("queued").asInt()).isEqualTo(4);

		try (SmtpConnection connection = new SmtpConnection(mailSettings, "news@glowletter.example", 100)) {
			assertThat(workers.deliver(inFlight, connection)).isTrue();
		}
		poller.tick();
		assertThat(campaignStatus(id)).isEqualTo("SENT");
		assertThat(ledger(id)).containsExactlyInAnyOrderEntriesOf(Map.of("SENT", 2, "FAILED", 1, "SKIPPED", 1));
		assertCountersMatchLedger(id);
	}

	@Test
	void retryFailedRequeuesOnlyTheFailedCopiesAndTheCampaignEndsSentWithCountersMatchingTheLedger() throws Exception {
		// max-attempts = 2 here: failed for good after the second
		SMTP.answerRcpt("flaky@example.org", 451, 451);
		for (String email : List.of("flaky@example.org", "ok1@example.org", "ok2@example.org")) {
			Readers.confirmed(jdbc, email, null);
		}
		long id = campaign("Retry failed");
		scheduleNow(id);
		poller.tick();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attempts(id, "flaky@example.org") == 1);
		clock.advance(properties.firstRetry().plusSeconds(1));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> "FAILED".equals(deliveryOf(id, "flaky@example.org").get("status")));
		awaitSent(id);
		assertThat(ledger(id)).containsExactlyInAnyOrderEntriesOf(Map.of("SENT", 2, "FAILED", 1));
		assertCountersMatchLedger(id);

		JsonNode retried = JSON.readTree(mvc.perform(admin(post("/api/campaigns/" + id + "/retry-failed")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(retried.get("status").asString()).isEqualTo("SENDING");
		awaitSent(id);

		assertThat(SMTP.acceptedFor("flaky@example.org")).isEqualTo(1);
		assertThat(SMTP.acceptedFor("ok1@example.org")).as("a sent copy is not queued again").isEqualTo(1);
		assertThat(SMTP.acceptedFor("ok2@example.org")).isEqualTo(1);
		assertThat(ledger(id)).containsExactlyEntriesOf(Map.of("SENT", 3));
		assertCountersMatchLedger(id);
		assertThat(readerStatus("flaky@example.org")).as("a 4xx is no bounce").isEqualTo("CONFIRMED");
	}

	// --- per-domain pace ---

	@Test
	void copiesToADomainWithARateGoOutAtItsPaceWhileTheOthersGoAtOnce() throws Exception {
		for (int i = 0; i < 5; i++) {
			Readers.confirmed(jdbc, "reader" + i + "@slow.example", null);
			Readers.confirmed(jdbc, "reader" + i + "@example.org", null);
		}
		long id = campaign("Paced");
		scheduleNow(id);
		poller.tick();
		// recorded in the ledger, which a worker does right after the server accepted
		// them
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> sentTo(id, "slow.example") + sentTo(id, "example.org") >= 6);

		// the test clock stands still: one copy to slow.example went, the others wait
		// their turns, half a second apart
		assertThat(sentTo(id, "slow.example")).isEqualTo(1);
		assertThat(sentTo(id, "example.org")).isEqualTo(5);
		List<Instant> turns = jdbc.sql("""
				SELECT d.next_attempt_at FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id
				WHERE d.campaign_id = ? AND d.status = 'QUEUED' ORDER BY d.next_attempt_at""")
			.param(id)
			.query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
			.list();
		assertThat(turns).hasSize(4);
		for (int i = 1; i < turns.size(); i++) {
			assertThat(Duration.between(turns.get(i - 1), turns.get(i))).isEqualTo(Duration.ofMillis(500));
		}

		for (int second = 1; second <= 10 && sentTo(id, "slow.example") < 5; second++) {
			clock.advance(Duration.ofSeconds(1));
			wakeUps.wakeUp();
			int allowed = 1 + 2 * second;
			Awaitility.await()
				.during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(5))
				.until(() -> sentTo(id, "slow.example") <= allowed);
		}
		awaitSent(id);
		for (int i = 0; i < 5; i++) {
			assertThat(SMTP.acceptedFor("reader" + i + "@slow.example")).isEqualTo(1);
		}
		assertThat(jdbc.sql("SELECT MAX(attempts) FROM delivery WHERE campaign_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).as("waiting for a turn is no attempt").isEqualTo(1);
	}

	private int sentTo(long id, String domain) {
		return jdbc.sql("""
				SELECT COUNT(*) FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id
				WHERE d.campaign_id = ? AND d.status = 'SENT' AND s.email LIKE ?""")
			.param(id)
			.param("%@" + domain)
			.query(Integer.class)
			.single();
	}

	// --- transactional mail beside a campaign ---

	@Test
	void confirmationIsNotHeldUpByARunningCampaign() throws Exception {
		int readers = 2500; // at 300 a second: about 8 s of campaign
		Instant now = Instant.now();
		List<Object[]> rows = new ArrayList<>(readers);
		for (int i = 0; i < readers; i++) {
			OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
			rows.add(new Object[] { "bulk" + i + "@example.org", at, at, at });
		}
		jdbcTemplate.batchUpdate("""
				INSERT INTO subscriber (email, first_name, status, created_at, status_changed_at,
				confirmed_at, token_version, version)
				VALUES (?, NULL, 'CONFIRMED', ?, ?, ?, 1, 0)""", rows);
		long id = campaign("Big send");
		scheduleNow(id);
		poller.tick();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.accepted().size() >= 200);

		String email = "newcomer-" + System.nanoTime() + "@example.org";
		long asked = System.nanoTime();
		mvc.perform(post("/api/subscriptions").with(request -> {
			request.setRemoteAddr("203.0.113.77");
			return request;
		}).contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"" + email + "\",\"consent\":true}"))
			.andExpect(status().isAccepted());
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> SMTP.acceptedFor(email) == 1);
		double seconds = (System.nanoTime() - asked) / 1e9;
		DeliveryProgress during = deliveries.progress(id);
		assertThat(during.queued()).as("the campaign was still sending when the confirmation arrived (%.2f s)", seconds)
			.isGreaterThan(0);
		assertThat(seconds).isLessThan(5);

		mvc.perform(admin(post("/api/campaigns/" + id + "/pause"))).andExpect(status().isOk());
		mvc.perform(admin(post("/api/campaigns/" + id + "/cancel"))).andExpect(status().isOk());
	}

	// --- helpers ---

	private void assertCountersMatchLedger(long id) throws Exception {
		Map<String, Integer> ledger = ledger(id);
		JsonNode progress = view(id).get("progress");
		int total = ledger.values().stream().mapToInt(Integer::intValue).sum();
		assertThat(progress.get("recipients").asInt()).isEqualTo(total);
		assertThat(progress.get("sent").asInt()).isEqualTo(ledger.getOrDefault("SENT", 0));
		assertThat(progress.get("failed").asInt()).isEqualTo(ledger.getOrDefault("FAILED", 0));
		assertThat(progress.get("skipped").asInt()).isEqualTo(ledger.getOrDefault("SKIPPED", 0));
		assertThat(progress.get("queued").asInt()).isEqualTo(ledger.getOrDefault("QUEUED", 0));
	}

	private Map<String, Integer> ledger(long id) {
		Map<String, Integer> counts = new HashMap<>();
		jdbc.sql("SELECT status, COUNT(*) AS n FROM delivery WHERE campaign_id = ? GROUP BY status")
			.param(id)
			.query((rs, row) -> counts.put(rs.getString("status"), rs.getInt("n")))
			.list();
		return counts;
	}

	private Map<String, Object> deliveryOf(long id, String email) {
		return jdbc.sql("""
				SELECT d.status, d.attempts, d.last_error, d.message_id FROM delivery d JOIN subscriber s ON
				s.id = d.subscriber_id
				WHERE d.campaign_id = ? AND s.email = ?""").params(id, email).query().singleRow();
	}

	private int attempts(long id, String email) {
		return ((Number) deliveryOf(id, email).get("attempts")).intValue();
	}

	private String readerStatus(String email) {
		return jdbc.sql("SELECT status FROM subscriber WHERE email = ?").param(email).query(String.class).single();
	}

	private String campaignStatus(long id) {
		return jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(id).query(String.class).single();
	}

	private double counter(String name) {
		return meters.get(name).counter().count();
	}

	private void awaitSent(long id) {
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
			poller.tick();
			return "SENT".equals(campaignStatus(id));
		});
	}

	private JsonNode view(long id) throws Exception {
		return JSON.readTree(mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private void scheduleNow(long id) throws Exception {
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
	}

	/** A one-article campaign, through the admin API. */
	private long campaign(String subject) throws Exception {
		String article = JSON.writeValueAsString(Map.of("title", subject + " explained", "url",
				"https://blog.example.org/" + subject.toLowerCase().replaceAll("[^a-z0-9]+", "-"), "publishedAt",
				OffsetDateTime.now().minusDays(1).toString(), "body",
				"<p>" + subject + ", with what the evidence says.</p>"));
		long articleId = JSON
			.readTree(mvc.perform(adminJson(post("/api/articles"), article))
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("id")
			.asLong();
		String campaign = JSON.writeValueAsString(
				Map.of("subject", subject + " for ${subscriber.firstName!\"you\"}", "articleIds", List.of(articleId)));
		return JSON
			.readTree(mvc.perform(adminJson(post("/api/campaigns"), campaign))
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("id")
			.asLong();
	}

	private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
		return request.with(AdminApi.admin());
	}

	private static MockHttpServletRequestBuilder adminJson(MockHttpServletRequestBuilder request, String json) {
		return admin(request).contentType(MediaType.APPLICATION_JSON).content(json);
	}

}
