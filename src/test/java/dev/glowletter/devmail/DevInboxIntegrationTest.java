package dev.glowletter.devmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import dev.glowletter.DefaultSetup;
import dev.glowletter.feedback.LocalBounceMailbox;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.SubscriberStatus;
import dev.glowletter.subscription.Subscriptions;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The dev inbox holds every reader's confirmation link and data export: on a fresh
 * install only the admin reads it, and the service listens on this machine only until
 * told otherwise.
 */
class DevInboxIntegrationTest {

	private final HttpClient stranger = DefaultSetup.browser();

	/** The dev inbox page of the mail whose button {@link #reportAbout} pressed last. */
	private static String lastMessage;

	private static HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(URI.create(DefaultSetup.base() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static void signUp(String email) throws IOException, InterruptedException {
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(DefaultSetup.base() + "/api/subscriptions"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"consent\":true}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(202);
	}

	@Test
	void aStrangerIsSentToTheLoginInsteadOfReadingSomeonesConfirmationLink() throws Exception {
		signUp("someone-else@example.org");
		HttpClient admin = DefaultSetup.browser();
		DefaultSetup.logIn(admin);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> get(admin, "/dev/inbox").body().contains("someone-else@example.org"));

		for (String path : new String[] { "/dev/inbox", "/dev/inbox/1", "/dev/inbox/1/html" }) {
			HttpResponse<String> answer = get(stranger, path);
			assertThat(answer.statusCode()).as(path).isEqualTo(302);
			assertThat(answer.headers().firstValue("Location")).as(path)
				.hasValueSatisfying(to -> assertThat(to).endsWith("/admin/login"));
			assertThat(answer.body()).doesNotContain("/confirm/");
		}
		HttpResponse<String> cleared = stranger
			.send(HttpRequest.newBuilder(URI.create(DefaultSetup.base() + "/dev/inbox/clear"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(cleared.statusCode()).isIn(302, 403);
		assertThat(get(admin, "/dev/inbox").body()).contains("someone-else@example.org");
	}

	@Test
	void aLongInboxListsTheNewest500WithLinksThatStillWorkPastAThousand() throws Exception {
		GreenMail capture = DefaultSetup.app().getBean(GreenMail.class);
		GreenMailUser many = capture.getUserManager().getUserByEmail("many@example.org") != null
				? capture.getUserManager().getUserByEmail("many@example.org")
				: capture.getUserManager().createUser("many@example.org", "many@example.org", "unused");
		Session session = Session.getInstance(new Properties());
		for (int i = capture.getReceivedMessages().length; i < 1001; i++) {
			MimeMessage mail = new MimeMessage(session);
			mail.setFrom("news@example.org");
			mail.setRecipients(Message.RecipientType.TO, "many@example.org");
			mail.setSubject("Number " + (i + 1));
			mail.setText("Filler.");
			many.deliver(mail);
		}
		int total = capture.getReceivedMessages().length;
		HttpClient admin = DefaultSetup.browser();
		DefaultSetup.logIn(admin);

		String inbox = get(admin, "/dev/inbox").body();

		assertThat(inbox).contains("The newest 500 of " + total + " e-mails")
			.contains("href=\"/dev/inbox/" + total + "\"");
		assertThat(Pattern.compile("href=\"/dev/inbox/\\d+\"").matcher(inbox).results().count()).isEqualTo(500);
		assertThat(get(admin, "/dev/inbox/" + total).statusCode()).isEqualTo(200);
	}

	@Test
	void theNewestMailIsOnTopWhicheverMailboxItWentToAndTheOthersKeepTheirNumbers() throws Exception {
		GreenMail capture = DefaultSetup.app().getBean(GreenMail.class);
		Session session = Session.getInstance(new Properties());
		HttpClient admin = DefaultSetup.browser();
		DefaultSetup.logIn(admin);
		// ines, rosa, ines, rosa, ines: each a millisecond after the one before
		String[] to = { "order-ines@example.org", "order-rosa@example.org", "order-ines@example.org",
				"order-rosa@example.org", "order-ines@example.org" };
		for (int i = 0; i < to.length; i++) {
			GreenMailUser user = capture.getUserManager().getUserByEmail(to[i]) != null
					? capture.getUserManager().getUserByEmail(to[i])
					: capture.getUserManager().createUser(to[i], to[i], "unused");
			MimeMessage mail = new MimeMessage(session);
			mail.setFrom("news@example.org");
			mail.setRecipients(Message.RecipientType.TO, to[i]);
			mail.setSubject("Arrived as number " + (i + 1) + " of five");
			mail.setText("Filler.");
			long before = System.currentTimeMillis();
			user.deliver(mail);
			Awaitility.await().pollDelay(Duration.ZERO).until(() -> System.currentTimeMillis() > before);
		}

		String inbox = get(admin, "/dev/inbox").body();

		int fifth = inbox.indexOf("Arrived as number 5 of five");
		int fourth = inbox.indexOf("Arrived as number 4 of five");
		int third = inbox.indexOf("Arrived as number 3 of five");
		assertThat(fifth).isPositive().isLessThan(fourth);
		assertThat(fourth).isLessThan(third);
		Matcher newest = Pattern.compile("<td>(\\d+)</td><td><a href=\"/dev/inbox/\\1\">Arrived as number 5 of five")
			.matcher(inbox);
		assertThat(newest.find()).isTrue();
		int number = Integer.parseInt(newest.group(1));
		assertThat(inbox).contains("<td>" + (number - 1) + "</td><td><a href=\"/dev/inbox/" + (number - 1)
				+ "\">Arrived as number 4 of five");
		assertThat(get(admin, "/dev/inbox/" + number).body()).contains("Arrived as number 5 of five");
	}

	@Test
	void theAdminReadsTheConfirmationMailAfterLoggingIn() throws Exception {
		signUp("newcomer@example.org");
		HttpClient admin = DefaultSetup.browser();
		DefaultSetup.logIn(admin);

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> get(admin, "/dev/inbox").body().contains("newcomer@example.org"));
		String inbox = get(admin, "/dev/inbox").body();
		assertThat(inbox).contains("Please confirm");
	}

	@Test
	void bounceThisMailsADeliveryStatusReportThatTheLocalBounceMailboxTurnsIntoABouncedReader() throws Exception {
		assertThat(reportAbout("bounce-me@example.org", "bounce")).contains("A bounce of this e-mail");
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> status("bounce-me@example.org"), SubscriberStatus.BOUNCED::equals);

		// the report is listed apart, and the reader's mails keep their numbers
		HttpClient admin = DefaultSetup.browser();
		DefaultSetup.logIn(admin);
		String inbox = get(admin, "/dev/inbox").body();
		assertThat(inbox).contains("Bounce mailbox").contains("Undelivered Mail Returned to Sender");
		Matcher report = Pattern.compile("/dev/inbox/reports/(\\d+)\">Undelivered Mail").matcher(inbox);
		assertThat(report.find()).isTrue();
		assertThat(get(admin, "/dev/inbox/reports/" + report.group(1)).body()).contains("In the bounce mailbox")
			.contains("Final-Recipient: rfc822; bounce-me@example.org");
		assertThat(get(admin, lastMessage).body()).contains("bounce-me@example.org").contains("Envelope sender");
	}

	@Test
	void aReportCaughtHalfMovedIsListedOnceAndKeepsItsNumber() throws Exception {
		// the service moves a report it has read as copy, then delete: in between, the
		// capture server holds it twice, with the same arrival time
		GreenMail capture = DefaultSetup.app().getBean(GreenMail.class);
		String bounceAddress = DefaultSetup.app().getBean(LocalBounceMailbox.class).address();
		GreenMailUser holder = capture.getUserManager().createUser("half-moved@example.org", "half-moved", "unused");
		ImapHostManager store = capture.getManagers().getImapHostManager();
		MimeMessage report = new MimeMessage(Session.getInstance(new Properties()));
		report.setFrom("MAILER-DAEMON@mx.example.org");
		report.setRecipients(Message.RecipientType.TO, bounceAddress);
		report.setSubject("Half-moved report");
		report.setText("Filler.");
		report.saveChanges();
		report.setHeader("Message-ID", "<half-moved@mx.example.org>");
		Date arrived = new Date();
		MailFolder inboxFolder = store.getInbox(holder);
		inboxFolder.appendMessage(report, new Flags(), arrived);
		store.createMailbox(holder, "Processed").appendMessage(new MimeMessage(report), new Flags(), arrived);
		HttpClient admin = DefaultSetup.browser();
		DefaultSetup.logIn(admin);

		String inbox = get(admin, "/dev/inbox").body();
		Matcher listed = Pattern.compile("/dev/inbox/reports/(\\d+)\">Half-moved report").matcher(inbox);
		assertThat(listed.find()).isTrue();
		String number = listed.group(1);
		assertThat(listed.find()).as("listed twice").isFalse();
		inboxFolder.deleteAllMessages();

		assertThat(get(admin, "/dev/inbox/reports/" + number).body()).contains("Half-moved report");
	}

	@Test
	void complainAboutThisMailsAnAbuseReportThatUnsubscribesTheReader() throws Exception {
		assertThat(reportAbout("complain@example.org", "complain")).contains("A complaint about this e-mail");
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> status("complain@example.org"), SubscriberStatus.UNSUBSCRIBED::equals);
	}

	@Test
	void aProviderWebhookThatIsNotSetUpAnswersNotFound() throws Exception {
		for (String provider : new String[] { "postmark", "mailgun", "sendgrid", "ses" }) {
			HttpResponse<String> answer = stranger
				.send(HttpRequest.newBuilder(URI.create(DefaultSetup.base() + "/webhooks/" + provider))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(provider).isEqualTo(404);
		}
	}

	/**
	 * Signs the address up, then presses the button on its confirmation mail in the dev
	 * inbox; returns the page it leads to.
	 */
	private static String reportAbout(String email, String button) throws Exception {
		signUp(email);
		HttpClient admin = DefaultSetup.browser();
		DefaultSetup.logIn(admin);
		Pattern row = Pattern.compile("<a href=\"/dev/inbox/(\\d+)\">[^<]*</a></td><td>" + Pattern.quote(email));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> row.matcher(get(admin, "/dev/inbox").body()).find());
		Matcher found = row.matcher(get(admin, "/dev/inbox").body());
		assertThat(found.find()).isTrue();
		String message = "/dev/inbox/" + found.group(1);
		String page = get(admin, message).body();
		assertThat(page).contains("Envelope sender").contains("bounces+t");
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(csrf.find()).isTrue();
		HttpResponse<String> pressed = admin
			.send(HttpRequest.newBuilder(URI.create(DefaultSetup.base() + message + "/" + button))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers
					.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(pressed.statusCode()).isEqualTo(302);
		assertThat(pressed.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith(message));
		lastMessage = message;
		return get(admin, message).body();
	}

	private static SubscriberStatus status(String email) {
		return DefaultSetup.app()
			.getBean(Subscriptions.class)
			.findByEmail(EmailAddress.parse(email))
			.map(Subscriptions.SubscriberView::status)
			.orElse(null);
	}

	@Test
	void theDefaultSetupListensOnThisMachineOnly() throws Exception {
		DefaultSetup.app();
		assertThat(InetAddress.getByName(DefaultSetup.app().getEnvironment().getProperty("server.address"))
			.isLoopbackAddress()).isTrue();
		int port = Integer.parseInt(DefaultSetup.app().getEnvironment().getProperty("local.server.port"));
		Optional<InetAddress> outside = NetworkInterface.networkInterfaces()
			.flatMap(NetworkInterface::inetAddresses)
			.filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.findFirst();
		// where the machine has another address, connecting through it is refused
		if (outside.isPresent()) {
			assertThatThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(outside.get(), port), 2000);
				}
			}).isInstanceOf(ConnectException.class);
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
			assertThat(socket.isConnected()).isTrue();
		}
	}

}
