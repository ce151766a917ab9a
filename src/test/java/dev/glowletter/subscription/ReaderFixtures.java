package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.glowletter.IntegrationTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Small fixtures for the reader's path: a fresh address, a sign-up from its own IP
 * address (so that the per-IP limit of the shared context never trips), a confirmed
 * reader, and the links their e-mails carry. Adds no configuration, so subclasses share
 * {@link IntegrationTest}'s context.
 */
abstract class ReaderFixtures extends IntegrationTest {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static final String RUN = Long.toString(System.nanoTime() % 100_000, 36);

	@Autowired
	protected Subscriptions subscriptions;

	@Autowired
	protected JdbcClient jdbc;

	/** An address no other test uses, e.g. {@code rosa-r1x-7@example.org}. */
	static String newAddress(String name) {
		return name + "-" + RUN + "-" + COUNTER.incrementAndGet() + "@example.org";
	}

	/** A request from an IP address no other sign-up used. */
	static RequestPostProcessor freshIp() {
		int n = COUNTER.incrementAndGet();
		return fromIp("10.1." + (n / 256 % 256) + "." + (n % 256));
	}

	static RequestPostProcessor fromIp(String ip) {
		return request -> {
			request.setRemoteAddr(ip);
			return request;
		};
	}

	/** The sign-up form, sent as a browser sends it, with consent given. */
	ResultActions signUp(String email, String firstName) throws Exception {
		return mvc.perform(post("/subscribe").with(csrf())
			.with(freshIp())
			.param("email", email)
			.param("firstName", firstName)
			.param("consent", "true"));
	}

	ResultActions signUp(String email) throws Exception {
		return signUp(email, "");
	}

	ResultActions signUpByApi(String json) throws Exception {
		return mvc
			.perform(post("/api/subscriptions").with(freshIp()).contentType(MediaType.APPLICATION_JSON).content(json));
	}

	/**
	 * A reader who signed up and has their confirmation mail: returns the path of its
	 * link.
	 */
	String pendingReader(String email) throws Exception {
		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
		return confirmationPath(email);
	}

	/**
	 * A reader who signed up and confirmed: returns the path of their unsubscribe link.
	 */
	String confirmedReader(String email) throws Exception {
		return confirmedReader(email, "");
	}

	String confirmedReader(String email, String firstName) throws Exception {
		signUp(email, firstName).andExpect(redirectedUrl("/check-your-inbox"));
		mvc.perform(post(confirmationPath(email)).with(csrf())).andExpect(status().isOk());
		return unsubscribePath(lastMail(email, "Welcome"));
	}

	/**
	 * The path of the link in the first confirmation mail to the address (waiting for
	 * it).
	 */
	String confirmationPath(String email) {
		return confirmationPath(email, 1);
	}

	/**
	 * The path of the link in the n-th confirmation mail to the address (waiting for it).
	 */
	String confirmationPath(String email, int nth) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> confirmations(email).size() >= nth);
		return ReaderPathIntegrationTest.link(confirmations(email).get(nth - 1), "/confirm/");
	}

	static List<MimeMessage> confirmations(String email) {
		return mailsTo(email).stream().filter(m -> subject(m).startsWith("Please confirm")).toList();
	}

	/**
	 * The latest mail to the address whose subject starts so, waiting until one arrives.
	 */
	static MimeMessage lastMail(String email, String subjectStart) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> mailsTo(email).stream().anyMatch(m -> subject(m).startsWith(subjectStart)));
		return lastMail(mailsTo(email), subjectStart);
	}

	private static MimeMessage lastMail(List<MimeMessage> mails, String subjectStart) {
		return mails.stream().filter(m -> subject(m).startsWith(subjectStart)).reduce((a, b) -> b).orElseThrow();
	}

	static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The path of the RFC 8058 link in the message's List-Unsubscribe header. */
	static String unsubscribePath(MimeMessage message) throws MessagingException {
		String header = message.getHeader("List-Unsubscribe", null);
		assertThat(header).as("List-Unsubscribe").matches("<https?://[^/]+/unsubscribe/[A-Za-z0-9_-]+>");
		return header.replaceAll("^<https?://[^/]+", "").replaceAll(">$", "");
	}

	SubscriberStatus statusOf(String email) {
		return subscriptions.findByEmail(EmailAddress.parse(email)).orElseThrow().status();
	}

	boolean isKnown(String email) {
		return subscriptions.findByEmail(EmailAddress.parse(email)).isPresent();
	}

	long idOf(String email) {
		return subscriptions.findByEmail(EmailAddress.parse(email)).orElseThrow().id();
	}

	int rows(String table, String where, Object... params) {
		return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE " + where)
			.params(params)
			.query(Integer.class)
			.single();
	}

	/** Outbox rows (sent or queued) to the address. */
	int outboxRowsTo(String email) {
		return rows("outbox_message", "recipient = ?", EmailAddress.parse(email).value());
	}

}
