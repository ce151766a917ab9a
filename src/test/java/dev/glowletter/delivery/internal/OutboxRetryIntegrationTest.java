package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

import dev.glowletter.IntegrationTest;
import dev.glowletter.TestSmtp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * "Retried if the SMTP server is down": the confirmation waits out the backoff and then
 * arrives once.
 */
class OutboxRetryIntegrationTest extends IntegrationTest {

	@Autowired
	JavaMailSenderImpl mailSender;

	@Autowired
	OutboxSender sender;

	@Autowired
	JdbcClient jdbc;

	private Map<String, Object> row(String recipient) {
		return jdbc.sql("SELECT status, attempts, last_error FROM outbox_message WHERE recipient = ?")
			.param(recipient)
			.query()
			.singleRow();
	}

	private static int closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void confirmationIsRetriedAfterTheBackoffWhenTheSmtpServerWasDownAndDeliveredOnce() throws Exception {
		String email = "retry-" + System.nanoTime() + "@example.org";
		mailSender.setPort(closedPort());
		try {
			mvc.perform(post("/api/subscriptions").with(request -> {
				request.setRemoteAddr("203.0.113.50");
				return request;
			}).contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"" + email + "\",\"consent\":true}"))
				.andExpect(status().isAccepted());
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> ((Number) row(email).get("attempts")).intValue() == 1);
		}
		finally {
			mailSender.setPort(TestSmtp.port());
		}
		assertThat(row(email).get("status")).isEqualTo("QUEUED");
		assertThat((String) row(email).get("last_error")).isNotBlank();

		assertThat(sender.sendDue()).as("nothing is due before the backoff has passed").isZero();
		assertThat(mailsTo(email)).isEmpty();

		clock.advance(Duration.ofSeconds(31));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(row(email).get("status")));
		assertThat(mailsTo(email)).hasSize(1);
		assertThat(((Number) row(email).get("attempts")).intValue()).isEqualTo(2);
	}

	@Test
	void aStoredMessageGoesOutAsItWasStoredWithItsMessageId() throws Exception {
		String email = "as-stored-" + System.nanoTime() + "@example.org";
		mvc.perform(post("/api/subscriptions").with(request -> {
			request.setRemoteAddr("203.0.113.51");
			return request;
		}).contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"" + email + "\",\"consent\":true}"))
			.andExpect(status().isAccepted());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(row(email).get("status")));

		String stored = jdbc.sql("SELECT message_id FROM outbox_message WHERE recipient = ?")
			.param(email)
			.query(String.class)
			.single();
		assertThat(mailsTo(email)).hasSize(1);
		assertThat(mailsTo(email).get(0).getMessageID()).isEqualTo(stored);
	}

	@Test
	void theClaimReadsDueMessagesInItsOrderThroughItsIndexWithoutTheDroppedOne() {
		String plan = jdbc.sql("EXPLAIN " + OutboxLedger.CLAIM)
			.param("now", clock.instant().atOffset(ZoneOffset.UTC))
			.param("limit", 50)
			.query(String.class)
			.single()
			.toLowerCase(Locale.ROOT);
		assertThat(plan).contains("outbox_claim_idx");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM information_schema.indexes WHERE index_name = 'outbox_due_idx'")
			.query(Long.class)
			.single()).as("V42 dropped it: nothing reads it, and every queued and sent message wrote it").isZero();
	}

}
