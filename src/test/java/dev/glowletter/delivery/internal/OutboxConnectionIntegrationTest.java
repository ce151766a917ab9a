package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import dev.glowletter.ScriptedSmtpTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * In a run of sign-ups, the outbox keeps its SMTP connection open for the next
 * confirmation instead of making one per mail (each cost Jakarta's greeting and a thread
 * of its own), and closes it once no mail came for a moment.
 */
class OutboxConnectionIntegrationTest extends ScriptedSmtpTest {

	private static final int MAILS = 10;

	@Test
	void confirmationsOneAfterAnotherGoOverTheConnectionsAlreadyOpen() throws Exception {
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
		// the connections are closed once the outbox stays empty
		Awaitility.await()
			.atMost(Duration.ofMillis(OutboxSender.KEEP_OPEN_MILLIS).plusSeconds(5))
			.until(() -> smtp().openConnections() == 0);
		// each sending is recorded: every mail is SENT, with no lease left on it
		assertThat(jdbc.sql("SELECT status, locked_until FROM outbox_message WHERE recipient LIKE :pattern")
			.param("pattern", "rush-%-" + run + "@example.org")
			.query((rs, row) -> rs.getString(1) + " " + rs.getObject(2))
			.list()).hasSize(MAILS).containsOnly("SENT null");
	}

}
