package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.glowletter.GlowletterApplication;
import dev.glowletter.TestSmtp;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Never lost on restart": a confirmation queued by one run of the service, which stopped
 * before sending it, is delivered exactly once by the next run on the same database.
 * Starts its own two applications, one after the other, on one named in-memory H2
 * database that outlives them.
 */
class ConfirmationSurvivesRestartIntegrationTest {

	private final String database = "jdbc:h2:mem:restart-" + UUID.randomUUID()
			+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;" + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

	private ConfigurableApplicationContext start() {
		// arguments, not default properties: those lose to application.yml, which names
		// the file database under ./data/
		return new SpringApplicationBuilder(GlowletterApplication.class).run("--spring.datasource.url=" + database,
				"--server.port=0", "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestSmtp.port(),
				"--glowletter.rendering.templates-dir=email-templates", "--glowletter.delivery.poll-interval=100ms",
				"--glowletter.subscription.purge-initial-delay=1d", "--glowletter.admin.password=restart-test");
	}

	private static List<MimeMessage> mailsTo(String address) {
		return Arrays.stream(TestSmtp.server().getReceivedMessages()).filter(message -> {
			try {
				return message.getAllRecipients()[0].toString().contains(address);
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static String outboxStatus(ConfigurableApplicationContext context, String address) {
		return context.getBean(JdbcClient.class)
			.sql("SELECT status FROM outbox_message WHERE recipient = ?")
			.param(address)
			.query(String.class)
			.single();
	}

	@Test
	void confirmationQueuedBeforeARestartIsDeliveredExactlyOnceAfterIt() throws Exception {
		TestSmtp.server().purgeEmailFromAllMailboxes();
		String email = ReaderFixtures.newAddress("restart");

		try (ConfigurableApplicationContext first = start()) {
			first.getBean("outboxSender", Lifecycle.class).stop();
			first.getBean(Subscriptions.class)
				.subscribe(new SubscribeRequest(EmailAddress.parse(email), "Rosa", ConsentSource.FORM, "192.0.2.1",
						"test"));
			assertThat(outboxStatus(first, email)).isEqualTo("QUEUED");
		}
		assertThat(mailsTo(email)).isEmpty();

		try (ConfigurableApplicationContext second = start()) {
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(outboxStatus(second, email)));
			assertThat(mailsTo(email)).hasSize(1);

			String link = ReaderPathIntegrationTest.link(mailsTo(email).get(0), "/confirm/");
			Subscriptions subscriptions = second.getBean(Subscriptions.class);
			assertThat(subscriptions.confirm(link.substring("/confirm/".length()))).isTrue();
		}
		assertThat(ReaderFixtures.confirmations(email)).as("confirmation mails, after both runs").hasSize(1);
	}

}
