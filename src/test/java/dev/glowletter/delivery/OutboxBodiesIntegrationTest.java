package dev.glowletter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.glowletter.IntegrationTest;
import dev.glowletter.delivery.internal.DeliveryProperties;
import dev.glowletter.rendering.ComposedEmail;
import dev.glowletter.rendering.Email;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox keeps a message's body (its links, its attachment) only until it is sent or
 * given up, and its record (kind, recipient, status, times) only for the retention
 * period.
 */
class OutboxBodiesIntegrationTest extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeliveryProperties properties;

	@Autowired
	ScheduledTaskHolder scheduled;

	private Map<String, Object> row(String recipient) {
		return jdbc
			.sql("SELECT kind, subscriber_id, message_id, mime, email, status, attempts, created_at, sent_at, "
					+ "last_error FROM outbox_message WHERE recipient = ?")
			.param(recipient)
			.query()
			.singleRow();
	}

	/** The plain-text part, decoded. */
	private static String textOf(MimeMessage mail) throws Exception {
		return (String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent();
	}

	private void enqueue(String recipient) {
		transactions.executeWithoutResult(status -> outbox.enqueue(
				new ComposedEmail("<" + System.nanoTime() + "@glowletter.example>", recipient,
						"Subject: a test\r\n\r\nThe body: https://news.example.org/confirm/secret\r\n"),
				"confirm", Outbox.Priority.TRANSACTIONAL, null));
	}

	@Test
	void aSentConfirmationKeepsItsRecordButNotItsBody() throws Exception {
		String email = "bodies-sent-" + System.nanoTime() + "@example.org";
		mvc.perform(post("/api/subscriptions").with(request -> {
			request.setRemoteAddr("203.0.113.70");
			return request;
		}).contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"" + email + "\",\"consent\":true}"))
			.andExpect(status().isAccepted());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(row(email).get("status")));

		assertThat(awaitMails(email, 1)).hasSize(1);
		Map<String, Object> row = row(email);
		assertThat(row.get("mime")).isNull();
		assertThat(row.get("email")).isNull();
		assertThat(row.get("kind")).isEqualTo("confirm");
		assertThat(row.get("subscriber_id")).isNotNull();
		assertThat(row.get("message_id")).isEqualTo(mailsTo(email).get(0).getMessageID());
		assertThat(row.get("sent_at")).isNotNull();
		assertThat(((Number) row.get("attempts")).intValue()).isOne();
	}

	@Test
	void aReaderMailIsQueuedAsWhatToComposeAndComposedWhenSentWithTheMessageIdChosenWhenQueued() throws Exception {
		String recipient = "queued-model-" + System.nanoTime() + "@example.org";
		Map<String, Object> queued = transactions.execute(status -> {
			outbox.enqueue(
					new Email(recipient, "Zoë", "Please confirm", "confirm",
							Map.of("confirmUrl", "https://news.example.org/confirm/t0ken", "validHours", 48,
									"subscriber", Map.of("email", recipient, "firstName", "Zoë")),
							null),
					"confirm", Outbox.Priority.TRANSACTIONAL, null);
			return row(recipient);
		});
		// a few hundred bytes of what to compose, not the finished message
		assertThat(queued.get("mime")).isNull();
		assertThat((String) queued.get("email")).contains("\"template\":\"confirm\"").hasSizeLessThan(1000);

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(row(recipient).get("status")));
		MimeMessage mail = awaitMails(recipient, 1).get(0);
		assertThat(mail.getMessageID()).isEqualTo(queued.get("message_id"));
		assertThat(textOf(mail)).contains("https://news.example.org/confirm/t0ken").contains("Zoë");
		assertThat(row(recipient).get("email")).isNull();
	}

	@Test
	void aMailWhoseTemplateFailsIsTriedAgainLaterWithTheReasonRecorded() {
		String recipient = "unmakeable-" + System.nanoTime() + "@example.org";
		transactions.executeWithoutResult(
				status -> outbox.enqueue(new Email(recipient, null, "Nothing", "no-such-template", Map.of(), null),
						"confirm", Outbox.Priority.TRANSACTIONAL, null));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> ((Number) row(recipient).get("attempts")).intValue() == 1);

		Map<String, Object> row = row(recipient);
		assertThat(row.get("status")).isEqualTo("QUEUED");
		assertThat((String) row.get("last_error")).contains("could not make the message").contains("no-such-template");
		assertThat(row.get("email")).isNotNull();
		assertThat(mailsTo(recipient)).isEmpty();
	}

	@Test
	void aPermanentlyFailedMessageKeepsItsErrorButNotItsBody() {
		// a space: no SMTP envelope can carry it
		String unwritable = "no body " + System.nanoTime() + "@example.org";
		enqueue(unwritable);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(row(unwritable).get("status")));

		Map<String, Object> row = row(unwritable);
		assertThat(row.get("mime")).isNull();
		assertThat((String) row.get("last_error")).contains("cannot be written");
		assertThat(((Number) row.get("attempts")).intValue()).isOne();
	}

	@Test
	void purgeDeletesSentAndFailedRecordsOlderThanTheRetentionAndKeepsRecentAndQueuedOnes() {
		String tag = "purge-" + System.nanoTime();
		Instant now = clock.instant();
		Instant old = now.minus(properties.outboxRetention()).minusSeconds(60);
		Instant recent = now.minus(properties.outboxRetention()).plusSeconds(60);
		insert(tag + "-old-sent@example.org", "SENT", old);
		insert(tag + "-old-failed@example.org", "FAILED", old);
		insert(tag + "-old-queued@example.org", "QUEUED", old);
		insert(tag + "-recent-sent@example.org", "SENT", recent);

		assertThat(outbox.purge()).isGreaterThanOrEqualTo(2);

		assertThat(jdbc.sql("SELECT recipient FROM outbox_message WHERE recipient LIKE ?")
			.param(tag + "%")
			.query(String.class)
			.list()).containsExactlyInAnyOrder(tag + "-old-queued@example.org", tag + "-recent-sent@example.org");
	}

	@Test
	void purgeRunsEveryHour() {
		assertThat(scheduled.getScheduledTasks()).map(ScheduledTask::getTask)
			.filteredOn(task -> task.toString().endsWith("Outbox.purge"))
			.singleElement()
			.isInstanceOfSatisfying(FixedDelayTask.class,
					task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofHours(1)));
	}

	private void insert(String recipient, String status, Instant createdAt) {
		jdbc.sql("""
				INSERT INTO outbox_message (kind, priority, recipient, message_id, mime, status, attempts,
				next_attempt_at, created_at, sent_at)
				VALUES ('welcome', 0, :recipient, '<x@glowletter.example>', :mime, :status, 1, :at, :at,
				:sentAt)
				""")
			.param("recipient", recipient)
			.param("mime", "QUEUED".equals(status) ? "Subject: x\r\n\r\nx\r\n" : null)
			.param("status", status)
			.param("at", createdAt.atOffset(ZoneOffset.UTC))
			.param("sentAt", "SENT".equals(status) ? createdAt.atOffset(ZoneOffset.UTC) : null)
			.update();
	}

}
