package dev.glowletter.feedback.internal;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.TestSmtp;
import dev.glowletter.feedback.internal.FeedbackIntake.Outcome;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.Subscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hearing back (issue 14) through the bounce mailbox: every message carries its own
 * signed envelope sender, and the reports mailed back to it change the reader they name,
 * once, and nobody else.
 */
// a context (and database) of its own: each campaign here goes to every confirmed reader
// of its database, and other classes leave thousands
@TestPropertySource(
		properties = { "glowletter.bounce.soft-bounce-limit=3", "glowletter.bounce.soft-bounce-window=30d" })
class FeedbackIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CAMPAIGN_VERP = Pattern
		.compile("bounces\\+c(\\d+)-(\\d+)-[a-z2-7]{13}@news\\.example\\.org");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MailboxPoller mailbox;

	@Autowired
	Subscriptions subscriptions;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApplicationContext context;

	// --- the envelope sender ---

	@Test
	void everyCampaignCopyGoesOutWithItsOwnSignedEnvelopeSender() throws Exception {
		long ann = Readers.confirmed(jdbc, "ann.verp@example.com", "Ann");
		long bob = Readers.confirmed(jdbc, "bob.verp@example.com", "Bob");
		long campaign = sendCampaign("Envelope");

		String annPath = returnPath("ann.verp@example.com");
		String bobPath = returnPath("bob.verp@example.com");
		assertThat(annPath).isNotEqualTo(bobPath);
		for (Map.Entry<String, Long> copy : Map.of(annPath, ann, bobPath, bob).entrySet()) {
			Matcher matcher = CAMPAIGN_VERP.matcher(copy.getKey());
			assertThat(matcher.matches()).as(copy.getKey()).isTrue();
			assertThat(Long.parseLong(matcher.group(1))).isEqualTo(campaign);
			assertThat(Long.parseLong(matcher.group(2))).isEqualTo(copy.getValue());
		}
	}

	@Test
	void theConfirmationMailGoesOutWithAnEnvelopeSenderNamingTheReader() throws Exception {
		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\": \"new.verp@example.com\", \"consent\": true}")).andExpect(status().isAccepted());
		String path = returnPath("new.verp@example.com");
		long reader = readerId("new.verp@example.com");
		assertThat(path).matches("bounces\\+t\\d+-" + reader + "-[a-z2-7]{13}@news\\.example\\.org");
	}

	// --- reports from the mailbox ---

	@Test
	void aHardBounceInTheMailboxMakesTheReaderBouncedAndShowsInTheCampaignReport() throws Exception {
		long reader = Readers.confirmed(jdbc, "gone.hard@example.com", "Gone");
		Readers.confirmed(jdbc, "stays.hard@example.com", "Stays");
		long campaign = sendCampaign("Hard");
		String verp = returnPath("gone.hard@example.com");

		mail(MailedReports.dsn(verp, "gone.hard@example.com", "failed", "5.1.1",
				"550 5.1.1 <gone.hard@example.com>: Recipient address rejected: User unknown"));
		assertThat(mailbox.poll().outcomes()).containsEntry(Outcome.APPLIED, 1);

		assertThat(readerStatus("gone.hard@example.com")).isEqualTo("BOUNCED");
		assertThat(readerStatus("stays.hard@example.com")).isEqualTo("CONFIRMED");
		assertThat(jdbc.sql("SELECT kind, source, status, campaign_id FROM bounce WHERE subscriber_id = ?")
			.param(reader)
			.query()
			.listOfRows())
			.singleElement()
			.satisfies(row -> assertThat(row).containsEntry("kind", "HARD")
				.containsEntry("source", "MAILBOX")
				.containsEntry("status", "5.1.1")
				.containsEntry("campaign_id", campaign));
		assertThat(history(reader)).anyMatch(e -> e.startsWith("BOUNCED") && e.contains("User unknown"));

		mvc.perform(get("/api/bounces").param("campaignId", Long.toString(campaign)).with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.items[0].kind").value("HARD"))
			.andExpect(jsonPath("$.items[0].subscriberId").value(reader));
		mvc.perform(get("/admin/campaigns/" + campaign).with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-field=\"hard-bounces\">1<")))
			.andExpect(content().string(containsString("Recipient address rejected")));
		mvc.perform(get("/admin/campaigns/" + campaign + "/bounces.csv").with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("HARD,MAILBOX," + reader)));
		assertThat(meters.get("glowletter.feedback").tag("kind", "hard").tag("source", "mailbox").counter().count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void aBouncedReaderWhoSignsUpAgainAndConfirmsIsBackWithTheirNewConsent() throws Exception {
		long reader = Readers.confirmed(jdbc, "back.again@example.com", null);
		sendCampaign("Back");
		mail(MailedReports.dsn(returnPath("back.again@example.com"), "back.again@example.com", "failed", "5.2.1",
				"550 5.2.1 mailbox disabled"));
		mailbox.poll();
		assertThat(readerStatus("back.again@example.com")).isEqualTo("BOUNCED");

		inbox().purgeEmailFromAllMailboxes();
		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\": \"back.again@example.com\", \"consent\": true}")).andExpect(status().isAccepted());
		mvc.perform(post(confirmationLink("back.again@example.com"))).andExpect(status().isOk());

		assertThat(readerStatus("back.again@example.com")).isEqualTo("CONFIRMED");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM consent WHERE subscriber_id = ?")
			.param(reader)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aProcessedReportLeavesTheInboxForTheProcessedFolder() throws Exception {
		Readers.confirmed(jdbc, "moved@example.com", null);
		sendCampaign("Moved");
		mail(MailedReports.dsn(returnPath("moved@example.com"), "moved@example.com", "failed", "5.1.1",
				"550 no such user"));
		mailbox.poll();

		assertThat(count("INBOX")).isZero();
		assertThat(count("Processed")).isEqualTo(1);
	}

	@Test
	void theSameReportReadTwiceCountsOnce() throws Exception {
		long reader = Readers.confirmed(jdbc, "twice@example.com", null);
		sendCampaign("Twice");
		String verp = returnPath("twice@example.com");
		mail(MailedReports.dsn(verp, "twice@example.com", "delayed", "4.2.2", "452 4.2.2 Mailbox full",
				"<same-report@mx.example.net>"));
		mailbox.poll();
		// the server kept a copy (a crash before the move), or sent it again
		mail(MailedReports.dsn(verp, "twice@example.com", "delayed", "4.2.2", "452 4.2.2 Mailbox full",
				"<same-report@mx.example.net>"));

		assertThat(mailbox.poll().outcomes()).containsEntry(Outcome.DUPLICATE, 1);
		assertThat(bounces(reader)).isEqualTo(1);
		assertThat(count("INBOX")).isZero();
	}

	@Test
	void aForgedEnvelopeAddressBouncesNobody() throws Exception {
		long reader = Readers.confirmed(jdbc, "forged@example.com", null);
		long campaign = sendCampaign("Forged");
		String verp = returnPath("forged@example.com");
		String forged = verp.replaceFirst("-[a-z2-7]{13}@", "-aaaaaaaaaaaaa@");
		String otherReader = "bounces+c" + campaign + "-" + (reader + 1) + verp.substring(verp.lastIndexOf('-'));

		mail(MailedReports.dsn(forged, "forged@example.com", "failed", "5.1.1", "550 unknown"));
		mail(MailedReports.dsn(otherReader, "forged@example.com", "failed", "5.1.1", "550 unknown"));
		// no VERP address at all: the reader's address alone proves nothing
		mail(MailedReports.dsn("someone@example.net", "forged@example.com", "failed", "5.1.1", "550 unknown"));

		assertThat(mailbox.poll().outcomes()).containsEntry(Outcome.FORGED, 2).containsEntry(Outcome.NO_VERP, 1);
		assertThat(readerStatus("forged@example.com")).isEqualTo("CONFIRMED");
		assertThat(bounces(reader)).isZero();
	}

	@Test
	void softBouncesOnThreeDistinctSendsMakeTheReaderBouncedButThreeOnOneSendDoNot() throws Exception {
		long full = Readers.confirmed(jdbc, "full@example.com", null);
		long once = Readers.confirmed(jdbc, "once@example.com", null);
		// soft bounces count from the reader's confirmation on (the fixture confirms them
		// at the wall clock's now)
		clock.advance(Duration.ofSeconds(5));
		for (int send = 1; send <= 3; send++) {
			inbox().purgeEmailFromAllMailboxes();
			sendCampaign("Soft " + send);
			mail(MailedReports.dsn(returnPath("full@example.com"), "full@example.com", "delayed", "4.2.2",
					"452 4.2.2 Mailbox full"));
			if (send == 1) {
				String sameSend = returnPath("once@example.com");
				for (int i = 0; i < 3; i++) {
					mail(MailedReports.dsn(sameSend, "once@example.com", "delayed", "4.4.1", "451 try later"));
				}
			}
			mailbox.poll();
			assertThat(readerStatus("full@example.com")).as("after send " + send)
				.isEqualTo(send < 3 ? "CONFIRMED" : "BOUNCED");
		}
		assertThat(readerStatus("once@example.com")).isEqualTo("CONFIRMED");
		assertThat(bounces(once)).isEqualTo(3);
		assertThat(history(full)).filteredOn(e -> e.startsWith("SOFT_BOUNCED")).hasSize(3);
		assertThat(history(full)).anyMatch(e -> e.startsWith("BOUNCED") && e.contains("3 soft bounces"));
	}

	@Test
	void aComplaintUnsubscribesAndSuppressesUntilTheReaderSignsUpAgainAndConfirms() throws Exception {
		long reader = Readers.confirmed(jdbc, "annoyed@example.com", null);
		long campaign = sendCampaign("Complaint");
		mail(MailedReports.complaint(returnPath("annoyed@example.com"), "annoyed@example.com"));
		assertThat(mailbox.poll().outcomes()).containsEntry(Outcome.APPLIED, 1);

		assertThat(readerStatus("annoyed@example.com")).isEqualTo("UNSUBSCRIBED");
		assertThat(jdbc.sql("SELECT unsubscribe_reason FROM subscriber WHERE id = ?")
			.param(reader)
			.query(String.class)
			.single()).isEqualTo("complaint");
		assertThat(suppressed("annoyed@example.com")).isTrue();
		assertThat(history(reader)).anyMatch(e -> e.startsWith("COMPLAINED"));
		mvc.perform(get("/api/bounces").param("kind", "COMPLAINT").param("campaignId", "" + campaign).with(admin()))
			.andExpect(jsonPath("$.items.length()").value(1));

		inbox().purgeEmailFromAllMailboxes();
		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\": \"annoyed@example.com\", \"consent\": true}")).andExpect(status().isAccepted());
		String link = confirmationLink("annoyed@example.com");
		mvc.perform(post(link)).andExpect(status().isOk());
		assertThat(readerStatus("annoyed@example.com")).isEqualTo("CONFIRMED");
		assertThat(suppressed("annoyed@example.com")).isFalse();
	}

	@Test
	void anOutOfOfficeReplyChangesNothing() throws Exception {
		long reader = Readers.confirmed(jdbc, "away@example.com", null);
		sendCampaign("Away");
		mail(MailedReports.outOfOffice(returnPath("away@example.com")));

		assertThat(mailbox.poll().outcomes()).containsEntry(Outcome.NOT_A_BOUNCE, 1);
		assertThat(readerStatus("away@example.com")).isEqualTo("CONFIRMED");
		assertThat(bounces(reader)).isZero();
		assertThat(count("INBOX")).isZero();
	}

	@Test
	void aPop3MailboxIsReadAndEmptied() throws Exception {
		long reader = Readers.confirmed(jdbc, "pop.gone@example.com", null);
		sendCampaign("Pop");
		mail(MailedReports.dsn(returnPath("pop.gone@example.com"), "pop.gone@example.com", "failed", "5.1.1",
				"550 5.1.1 no such user"));
		FeedbackProperties configured = context.getBean(FeedbackProperties.class);
		FeedbackProperties pop3 = new FeedbackProperties(configured.address(), 3, Duration.ofDays(30),
				new FeedbackProperties.Mailbox("pop3", "127.0.0.1", TestSmtp.pop3Port(), TestSmtp.BOUNCE_USER,
						TestSmtp.BOUNCE_PASSWORD, "INBOX", Duration.ofDays(1), "move", "Processed", 100),
				configured.webhooks());
		MailboxPoller poller = new MailboxPoller(context.getBean(FeedbackIntake.class), pop3,
				context.getBean(BounceAddress.class));

		assertThat(poller.poll().outcomes()).containsEntry(Outcome.APPLIED, 1);
		assertThat(readerStatus("pop.gone@example.com")).isEqualTo("BOUNCED");
		assertThat(bounces(reader)).isEqualTo(1);
		// POP3 has no folders: a processed mail is deleted
		assertThat(count("INBOX")).isZero();
		assertThat(count("Processed")).isZero();
	}

	@Test
	void theKeysOfReportsProcessedLongAgoAreForgottenButTheirBouncesStay() throws Exception {
		long reader = Readers.confirmed(jdbc, "old.key@example.com", null);
		sendCampaign("Old key");
		mail(MailedReports.dsn(returnPath("old.key@example.com"), "old.key@example.com", "failed", "5.1.1",
				"550 unknown", "<old-key@mx.example.net>"));
		mailbox.poll();
		FeedbackIntake intake = context.getBean(FeedbackIntake.class);
		clock.advance(Duration.ofDays(89));
		assertThat(intake.forgetOldKeys()).isZero();
		clock.advance(Duration.ofDays(2));
		assertThat(intake.forgetOldKeys()).isGreaterThanOrEqualTo(1);
		assertThat(bounces(reader)).isEqualTo(1);
	}

	@Test
	void theBounceListRefusesAnUnknownKindWithAProblem() throws Exception {
		mvc.perform(get("/api/bounces").param("kind", "<script>").with(admin()))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(content().string(not(containsString("<script>"))));
	}

	// --- helpers ---

	private long sendCampaign(String subject) throws Exception {
		long id = CampaignsApi.campaign(mvc,
				Map.of("subject", subject, "articleIds", List.of(CampaignsApi.article(mvc, subject + " explained"))));
		CampaignsApi.sendNow(mvc, jdbc, context, id);
		return id;
	}

	private String returnPath(String address) throws MessagingException {
		MimeMessage message = awaitMails(address, 1).get(0);
		String header = message.getHeader("Return-Path", null);
		return header.replaceAll("[<>\\s]", "");
	}

	private String confirmationLink(String address) throws Exception {
		MimeMessage message = awaitMails(address, 1).get(0);
		Matcher matcher = Pattern.compile("/confirm/[A-Za-z0-9_\\-]+")
			.matcher(new String(message.getRawInputStream().readAllBytes(), StandardCharsets.US_ASCII).replace("=\r\n",
					""));
		assertThat(matcher.find()).isTrue();
		return matcher.group();
	}

	private static void mail(MimeMessage report) {
		TestSmtp.server().getUserManager().getUserByEmail(TestSmtp.BOUNCE_ADDRESS).deliver(report);
	}

	private static int count(String folder) throws MessagingException {
		Store store = Session.getInstance(new Properties()).getStore("imap");
		store.connect("127.0.0.1", TestSmtp.imapPort(), TestSmtp.BOUNCE_USER, TestSmtp.BOUNCE_PASSWORD);
		try {
			Folder opened = store.getFolder(folder);
			return opened.exists() ? opened.getMessageCount() : 0;
		}
		finally {
			store.close();
		}
	}

	private String readerStatus(String email) {
		return jdbc.sql("SELECT status FROM subscriber WHERE email = ?").param(email).query(String.class).single();
	}

	private long readerId(String email) {
		return jdbc.sql("SELECT id FROM subscriber WHERE email = ?").param(email).query(Long.class).single();
	}

	private int bounces(long reader) {
		return jdbc.sql("SELECT COUNT(*) FROM bounce WHERE subscriber_id = ?")
			.param(reader)
			.query(Integer.class)
			.single();
	}

	private boolean suppressed(String email) {
		return subscriptions.isSuppressed(EmailAddress.parse(email));
	}

	private List<String> history(long reader) {
		return jdbc.sql("SELECT type, detail FROM subscriber_event WHERE subscriber_id = ? ORDER BY id")
			.param(reader)
			.query((rs, row) -> rs.getString("type") + " " + rs.getString("detail"))
			.list();
	}

}
