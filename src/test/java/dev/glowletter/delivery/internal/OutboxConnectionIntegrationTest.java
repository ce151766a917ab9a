package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import dev.glowletter.ScriptedSmtpTest;
import dev.glowletter.delivery.Outbox;
import dev.glowletter.rendering.ComposedEmail;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In a run of sign-ups, the outbox keeps its SMTP connection open for the next
 * confirmation instead of making one per mail (each cost Jakarta's greeting and a thread
 * of its own), and closes it once no mail came for a moment. One sender sends them; the
 * others join only when more waits than one claim takes.
 */
class OutboxConnectionIntegrationTest extends ScriptedSmtpTest {

	private static final int MAILS = 10;

	@Autowired
	OutboxSender sender;

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	DeliveryProperties delivery;

	@Test
	void confirmationsOneAfterAnotherGoOverTheConnectionsAlreadyOpen() throws Exception {
		long helperClaims = sender.helperClaims();
		for (int i = 0; i < MAILS; i++) {
			String address = "rush-" + i + "-" + run + "@example.org";
			String client = "192.0.2." + (i + 1);
			mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
				.content("{\"email\": \"" + address + "\", \"consent\": true}")
				.with(request -> {
					request.setRemoteAddr(client);
					return request;
				})).andExpect(status().isAccepted());
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp().acceptedFor(address) == 1);
		}

		// one connection a sender thread, and one more if a sign-up took longer than the
		// time a connection waits: far fewer than one a mail
		assertThat(smtp().connections()).isLessThanOrEqualTo(3);
		assertThat(sender.helperClaims()).as("a trickle is the first sender's alone: each claim shared is one more")
			.isEqualTo(helperClaims);
		// the connections are closed once the outbox stays empty
		Awaitility.await()
			.atMost(Duration.ofMillis(OutboxSender.KEEP_OPEN_MILLIS).plusSeconds(5))
			.until(() -> smtp().openConnections() == 0);
	}

	@Test
	void aBacklogOfManyClaimsIsSentByTheOtherSendersTooAndEachMessageOnce() {
		int backlog = delivery.batchSize() * 10;
		long helperClaims = sender.helperClaims();
		transactions.executeWithoutResult(status -> {
			for (int i = 0; i < backlog; i++) {
				String address = "backlog-" + i + "-" + run + "@example.org";
				outbox
					.enqueue(
							new ComposedEmail("<" + i + "." + run + "@test>", address,
									"From: list@example.org\r\nTo: " + address
											+ "\r\nSubject: backlog\r\n\r\nHello\r\n"),
							"test", Outbox.Priority.TRANSACTIONAL, null);
			}
		});

		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> smtp().accepted().stream().filter(mail -> mail.data().contains("backlog")).count() >= backlog);
		for (int i = 0; i < backlog; i++) {
			assertThat(smtp().acceptedFor("backlog-" + i + "-" + run + "@example.org")).isOne();
		}
		assertThat(sender.helperClaims()).as("a full claim calls a helper in").isGreaterThan(helperClaims);
		assertThat(smtp().connections()).as("the first sender's and a helper's").isGreaterThanOrEqualTo(2);
	}

}
