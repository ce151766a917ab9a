package dev.glowletter;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The base of tests that cross modules: the whole application on a fresh in-memory H2
 * database, sending through a real SMTP server (GreenMail), with a clock the test moves.
 * Contexts are cached, so a test cleans up what it looks at with unique addresses or
 * {@link #inbox()} counts.
 */
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
		"glowletter.rendering.templates-dir=email-templates", "glowletter.delivery.poll-interval=100ms",
		"glowletter.subscription.purge-initial-delay=1d", "glowletter.article.demo-content=false",
		// tests run the campaign poller themselves, when they mean to
		"glowletter.campaign.poll-interval=1d", "glowletter.campaign.poll-initial-delay=1d",
		"glowletter.admin.password=" + IntegrationTest.ADMIN_PASSWORD_HASH,
		// the tests call the API as a script that keeps HTTP Basic on does (AdminApi);
		// BasicAuthOffIntegrationTest checks the default, off
		"glowletter.api.basic-auth=true" })
@AutoConfigureMockMvc
@Import(TestClockConfiguration.class)
public abstract class IntegrationTest {

	public static final String ADMIN_PASSWORD = "test-admin-password";

	/**
	 * {@link #ADMIN_PASSWORD} as a bcrypt hash of work factor 4: each HTTP Basic call is
	 * checked as in production, in a millisecond instead of the ~70 ms of the default
	 * factor 10 (the suite makes thousands of them).
	 */
	public static final String ADMIN_PASSWORD_HASH = "{bcrypt}$2a$04$"
			+ "6QroZZvFnVBHwVB7r8GXWORP43X2QeD6d0RkAJGNuz88BVvx5HHaW";

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected TestClock clock;

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestSmtp::port);
		// every message with its VERP envelope sender; the tests read the bounce
		// mailbox themselves, when they mean to
		registry.add("glowletter.bounce.address", () -> TestSmtp.BOUNCE_ADDRESS);
		registry.add("glowletter.bounce.mailbox.protocol", () -> "imap");
		registry.add("glowletter.bounce.mailbox.host", () -> "127.0.0.1");
		registry.add("glowletter.bounce.mailbox.port", TestSmtp::imapPort);
		registry.add("glowletter.bounce.mailbox.user", () -> TestSmtp.BOUNCE_USER);
		registry.add("glowletter.bounce.mailbox.password", () -> TestSmtp.BOUNCE_PASSWORD);
		registry.add("glowletter.bounce.mailbox.poll-interval", () -> "1d");
		registry.add("glowletter.bounce.webhooks.postmark.username", () -> WebhookKeys.POSTMARK_USER);
		registry.add("glowletter.bounce.webhooks.postmark.password", () -> WebhookKeys.POSTMARK_PASSWORD);
		registry.add("glowletter.bounce.webhooks.mailgun.signing-key", () -> WebhookKeys.MAILGUN_KEY);
		registry.add("glowletter.bounce.webhooks.sendgrid.public-key", WebhookKeys::sendGridPublicKey);
		registry.add("glowletter.bounce.webhooks.ses.topic-arns", () -> WebhookKeys.SES_TOPIC);
	}

	@BeforeEach
	void emptyInbox() throws Exception {
		TestSmtp.server().purgeEmailFromAllMailboxes();
		clock.set(Clock.systemUTC().instant().truncatedTo(ChronoUnit.MILLIS));
	}

	protected static GreenMail inbox() {
		return TestSmtp.server();
	}

	/**
	 * Waits (up to 10 s) until the SMTP server has received {@code count} messages for
	 * the address, and returns them.
	 */
	protected static List<MimeMessage> awaitMails(String address, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> mailsTo(address).size() >= count);
		return mailsTo(address);
	}

	protected static List<MimeMessage> mailsTo(String address) {
		return Arrays.stream(TestSmtp.server().getReceivedMessages()).filter(message -> {
			try {
				return Arrays.stream(message.getAllRecipients())
					.anyMatch(a -> a.toString().toLowerCase().contains(address.toLowerCase()));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

}
