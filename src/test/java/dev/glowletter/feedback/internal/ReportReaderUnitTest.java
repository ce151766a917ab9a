package dev.glowletter.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Random;

import dev.glowletter.feedback.internal.Finding.Kind;
import dev.glowletter.feedback.internal.Report.Type;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

class ReportReaderUnitTest {

	private static final String VERP = "bounces+c12-345-abcdefghijklm@news.example.org";

	@Test
	void postfixBounceIsAHardBounceOfItsRecipient() throws Exception {
		Report report = ReportReader.read(fixture("postfix-dsn-hard.eml"));

		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
		assertThat(report.messageId()).isEqualTo("<20250401101501.4ZbKq70Qm2z9@mx.example.net>");
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.HARD_BOUNCE);
			assertThat(finding.recipient()).isEqualTo("jane.doe@example.com");
			assertThat(finding.status()).isEqualTo("5.1.1");
			assertThat(finding.diagnostic()).isEqualTo("550 5.1.1 <jane.doe@example.com>: Recipient address "
					+ "rejected: User unknown in virtual mailbox table");
		});
		assertThat(report.envelopeAddresses()).first().isEqualTo(VERP);
	}

	@Test
	void postfixDelayIsASoftBounce() throws Exception {
		Report report = ReportReader.read(fixture("postfix-dsn-delayed.eml"));

		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.SOFT_BOUNCE);
			assertThat(finding.recipient()).isEqualTo("jane.doe@example.com");
			assertThat(finding.status()).isEqualTo("4.4.1");
			assertThat(finding.diagnostic())
				.isEqualTo("connect to mx1.example.com[192.0.2.26]:25: Connection timed out");
		});
		assertThat(report.envelopeAddresses()).contains(VERP);
		assertThat(report.messageId()).isEqualTo("<20250402141501.4ZcR2p1Fz8z7@mx.example.net>");
	}

	@Test
	void eximBounceNamesItsFailedRecipientAndTheRemoteReply() throws Exception {
		Report report = ReportReader.read(fixture("exim-bounce.eml"));

		assertThat(report.type()).isEqualTo(Type.NON_STANDARD_BOUNCE);
		assertThat(report.messageId()).isEqualTo("<E1tzA7c-0003Qx-2B@mail.example.net>");
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.HARD_BOUNCE);
			assertThat(finding.recipient()).isEqualTo("max.mustermann@example.net");
			assertThat(finding.status()).isEqualTo("5.1.1");
			assertThat(finding.diagnostic()).startsWith("550 5.1.1 <max.mustermann@example.net>")
				.endsWith("User unknown in local recipient table");
		});
		assertThat(report.envelopeAddresses()).containsExactly(VERP, "editor+letters@news.example.org");
	}

	@Test
	void microsoftNonDeliveryReportIsReadFromItsDeliveryStatus() throws Exception {
		Report report = ReportReader.read(fixture("m365-ndr.eml"));

		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
		assertThat(report.messageId())
			.isEqualTo("<4d5e9a3c-1f1e-4b55-a1d9-2a6f0b5c9e77@DB9PR01MB1234.eurprd01.prod.example.com>");
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.HARD_BOUNCE);
			assertThat(finding.recipient()).isEqualTo("anna.berg@example.com");
			assertThat(finding.status()).isEqualTo("5.1.10");
			assertThat(finding.diagnostic())
				.isEqualTo("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup");
		});
		assertThat(report.envelopeAddresses()).containsExactly(VERP);
	}

	@Test
	void gmailDeliveryStatusKeepsItsFoldedReplyOnOneLine() throws Exception {
		Report report = ReportReader.read(fixture("gmail-dsn.eml"));

		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
		assertThat(report.messageId()).isEqualTo("<67f13e43.050a0220.2b9c4e.9d1fGMR@mx.google.com>");
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.HARD_BOUNCE);
			assertThat(finding.recipient()).isEqualTo("no.body@example.com");
			assertThat(finding.status()).isEqualTo("5.1.1");
			assertThat(finding.diagnostic()).startsWith("550-5.1.1 The email account that you tried to reach does not")
				.contains("Please try 550-5.1.1 double-checking")
				.doesNotContain("\n")
				.doesNotContain("  ");
		});
		assertThat(report.envelopeAddresses()).containsExactly(VERP);
	}

	@Test
	void yahooFailureNoticeNamesTheAddressBeforeTheReply() throws Exception {
		Report report = ReportReader.read(fixture("yahoo-failure-notice.eml"));

		assertThat(report.type()).isEqualTo(Type.NON_STANDARD_BOUNCE);
		assertThat(report.messageId()).isEqualTo("<1743941143.2212345.mta1.example.net@mailer-daemon>");
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.HARD_BOUNCE);
			assertThat(finding.recipient()).isEqualTo("john.roe@example.com");
			assertThat(finding.status()).isNull();
			assertThat(finding.diagnostic())
				.startsWith("554 delivery error: dd This user doesn't have a example.com account");
		});
		assertThat(report.envelopeAddresses()).containsExactly(VERP);
	}

	@Test
	void abuseReportIsAComplaintOfItsOriginalRecipient() throws Exception {
		Report report = ReportReader.read(fixture("arf-complaint.eml"));

		assertThat(report.type()).isEqualTo(Type.COMPLAINT);
		assertThat(report.messageId()).isEqualTo("<arf-20250407162002-7731@fbl.example.net>");
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.COMPLAINT);
			assertThat(finding.recipient()).isEqualTo("lena.fischer@example.net");
			assertThat(finding.status()).isNull();
			assertThat(finding.diagnostic()).contains("abuse").contains("ExampleFBL/1.0");
		});
		assertThat(report.envelopeAddresses()).containsExactly(VERP);
	}

	@Test
	void redactedAbuseReportIsAComplaintOfNoKnownRecipient() throws Exception {
		Report report = ReportReader.read(fixture("arf-redacted.eml"));

		assertThat(report.type()).isEqualTo(Type.COMPLAINT);
		assertThat(report.messageId()).isEqualTo("<arf-20250408091511-8812@fbl.example.net>");
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.COMPLAINT);
			assertThat(finding.recipient()).isNull();
		});
		assertThat(report.envelopeAddresses()).containsExactly(VERP);
	}

	@Test
	void outOfOfficeReplyIsAnAutoReplyWithoutFindings() throws Exception {
		Report report = ReportReader.read(fixture("auto-reply.eml"));

		assertThat(report.type()).isEqualTo(Type.AUTO_REPLY);
		assertThat(report.findings()).isEmpty();
		assertThat(report.messageId()).isEqualTo("<vacation-1744088405.31337@mail.example.com>");
		assertThat(report.envelopeAddresses()).containsExactly(VERP);
	}

	@Test
	void readersReplyIsNoReportButItsAddressesAreKept() throws Exception {
		Report report = ReportReader.read(fixture("not-a-report.eml"));

		assertThat(report.type()).isEqualTo(Type.NOT_A_REPORT);
		assertThat(report.findings()).isEmpty();
		assertThat(report.messageId()).isEqualTo("<CAK7x9p1=Qm3vT0example@mail.example.net>");
		assertThat(report.envelopeAddresses()).containsExactly(VERP, "ada+news@example.net");
	}

	@Test
	void malformedBounceIsReadFromItsRawTextWithoutAnException() throws Exception {
		Report report = ReportReader.read(fixture("malformed.eml"));

		assertThat(report.type()).isEqualTo(Type.NON_STANDARD_BOUNCE);
		assertThat(report.messageId()).isNull();
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.HARD_BOUNCE);
			assertThat(finding.recipient()).isEqualTo("tom.weber@example.org");
			assertThat(finding.status()).isEqualTo("5.1.1");
		});
		assertThat(report.envelopeAddresses()).containsExactly(VERP);
	}

	@Test
	void messageWithoutMessageIdHasANullOne() throws Exception {
		String text = fixtureText("postfix-dsn-hard.eml").replaceFirst("(?m)^Message-Id: .*\\n", "");

		Report report = ReportReader.read(message(text.getBytes(StandardCharsets.US_ASCII)));

		assertThat(report.messageId()).isNull();
		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
	}

	@Test
	void lineEndingsDoNotChangeWhatIsRead() throws Exception {
		for (String name : new String[] { "postfix-dsn-hard.eml", "gmail-dsn.eml", "exim-bounce.eml",
				"arf-complaint.eml" }) {
			String lf = fixtureText(name);
			String crlf = lf.replace("\n", "\r\n");

			Report fromLf = ReportReader.read(message(lf.getBytes(StandardCharsets.ISO_8859_1)));
			Report fromCrlf = ReportReader.read(message(crlf.getBytes(StandardCharsets.ISO_8859_1)));

			assertThat(fromCrlf).as(name).isEqualTo(fromLf);
		}
	}

	@Test
	void tenMegabyteReportIsReadWithinBoundsAndKeepsItsFinding() throws Exception {
		StringBuilder text = new StringBuilder(11 * 1024 * 1024);
		String line = "The mail system could not deliver your message, and here it says so at great length.\n";
		while (text.length() < 10 * 1024 * 1024) {
			text.append(line);
		}
		String message = dsn(text.toString(), recipientGroup("huge@example.com"));

		long started = System.nanoTime();
		Report report = ReportReader.read(message(message.getBytes(StandardCharsets.US_ASCII)));
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
		assertThat(report.findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.recipient()).isEqualTo("huge@example.com"));
		assertThat(millis).isLessThan(10_000);
	}

	@Test
	void thousandRecipientGroupsGiveAtMostFiftyFindings() throws Exception {
		StringBuilder groups = new StringBuilder();
		for (int i = 0; i < 1000; i++) {
			groups.append(recipientGroup("reader" + i + "@example.com"));
		}

		Report report = ReportReader
			.read(message(dsn("Lots of failures.\n", groups.toString()).getBytes(StandardCharsets.US_ASCII)));

		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
		assertThat(report.findings()).hasSize(ReportReader.FINDINGS_LIMIT);
		assertThat(report.findings().get(0).recipient()).isEqualTo("reader0@example.com");
	}

	@Test
	void manyPlusAddressesGiveAtMostTwentyEnvelopeAddresses() throws Exception {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			text.append("bounces+c").append(i).append("-1-abc@news.example.org\n");
		}

		Report report = ReportReader
			.read(message(dsn(text.toString(), recipientGroup("a@example.com")).getBytes(StandardCharsets.US_ASCII)));

		assertThat(report.envelopeAddresses()).hasSize(ReportReader.ADDRESS_LIMIT).startsWith(VERP);
	}

	@Test
	void deliveredRecipientGivesNoFinding() throws Exception {
		String group = recipientGroup("fine@example.com").replace("Action: failed", "Action: delivered")
			.replace("Status: 5.1.1", "Status: 2.0.0");

		Report report = ReportReader.read(message(dsn("Delivered.\n", group).getBytes(StandardCharsets.US_ASCII)));

		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
		assertThat(report.findings()).isEmpty();
	}

	@Test
	void statusIsTakenFromTheDiagnosticWhenTheGroupHasNone() throws Exception {
		String group = "Final-Recipient: rfc822; full@example.com\nAction: failed\n"
				+ "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\n\n";

		Report report = ReportReader.read(message(dsn("Full.\n", group).getBytes(StandardCharsets.US_ASCII)));

		assertThat(report.findings()).singleElement()
			.isEqualTo(new Finding(Kind.SOFT_BOUNCE, "full@example.com", "4.2.2", "452 4.2.2 Mailbox full"));
	}

	@Test
	void garbageIsNoReport() throws Exception {
		byte[] garbage = new byte[64 * 1024];
		new Random(7).nextBytes(garbage);

		Report report = ReportReader.read(message(garbage));

		assertThat(report.type()).isEqualTo(Type.NOT_A_REPORT);
		assertThat(report.findings()).isEmpty();
	}

	@Test
	void undeliverableWithoutDeliveryStatusIsReadFromItsText() throws Exception {
		String text = fixtureText("m365-ndr.eml")
			.replaceFirst("(?s)--1bd9f8ab-43c3-4c31-96a7-5e1e0b8a7e01\nContent-Type: "
					+ "message/delivery-status.*?(?=--1bd9f8ab-43c3-4c31-96a7-5e1e0b8a7e01\n)", "");

		Report report = ReportReader.read(message(text.getBytes(StandardCharsets.US_ASCII)));

		assertThat(report.type()).isEqualTo(Type.NON_STANDARD_BOUNCE);
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.HARD_BOUNCE);
			assertThat(finding.recipient()).isEqualTo("anna.berg@example.com");
			assertThat(finding.status()).isEqualTo("5.1.10");
		});
	}

	@Test
	void bounceWithoutCodeIsHardOnlyWhenItSaysTheUserIsUnknown() throws Exception {
		Report unknown = ReportReader.read(message(plainBounce("<gone@example.com>:\nSorry, no such user here.\n")));
		Report vague = ReportReader.read(message(plainBounce("<slow@example.com>:\nThe host did not answer.\n")));

		assertThat(unknown.findings()).singleElement()
			.isEqualTo(new Finding(Kind.HARD_BOUNCE, "gone@example.com", null, "Sorry, no such user here."));
		assertThat(vague.findings()).singleElement()
			.isEqualTo(new Finding(Kind.SOFT_BOUNCE, "slow@example.com", null, "The host did not answer."));
	}

	@Test
	void notSpamFeedbackIsNoComplaint() throws Exception {
		String text = fixtureText("arf-complaint.eml").replace("Feedback-Type: abuse", "Feedback-Type: not-spam");

		Report report = ReportReader.read(message(text.getBytes(StandardCharsets.US_ASCII)));

		assertThat(report.type()).isEqualTo(Type.COMPLAINT);
		assertThat(report.findings()).isEmpty();
	}

	@Test
	void autoSubmittedNoIsNoAutoReply() throws Exception {
		String text = fixtureText("auto-reply.eml").replace("Auto-Submitted: auto-replied", "Auto-Submitted: no")
			.replace("X-Autoreply: yes\n", "")
			.replace("Subject: Out of Office: ", "Subject: Re: ");

		Report report = ReportReader.read(message(text.getBytes(StandardCharsets.US_ASCII)));

		assertThat(report.type()).isEqualTo(Type.NOT_A_REPORT);
	}

	private static byte[] plainBounce(String text) {
		return ("From: MAILER-DAEMON@mx.example.net\nTo: " + VERP + "\nSubject: failure notice\n"
				+ "Content-Type: text/plain\n\nI'm afraid I wasn't able to deliver your message.\n\n" + text)
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static String dsn(String text, String groups) {
		return "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\n" + "To: " + VERP + "\n"
				+ "Subject: Undelivered Mail Returned to Sender\n" + "Message-Id: <generated@mx.example.net>\n"
				+ "MIME-Version: 1.0\n"
				+ "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n" + "--b1\n"
				+ "Content-Type: text/plain; charset=us-ascii\n\n" + text + "\n--b1\n"
				+ "Content-Type: message/delivery-status\n\n" + "Reporting-MTA: dns; mx.example.net\n\n" + groups
				+ "\n--b1--\n";
	}

	private static String recipientGroup(String recipient) {
		return "Final-Recipient: rfc822; " + recipient + "\nAction: failed\nStatus: 5.1.1\n"
				+ "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: User unknown\n\n";
	}

	private static MimeMessage fixture(String name) throws IOException, MessagingException {
		try (InputStream in = ReportReaderUnitTest.class.getResourceAsStream("/feedback/" + name)) {
			return new MimeMessage(Session.getInstance(new Properties()), in);
		}
	}

	private static String fixtureText(String name) throws IOException {
		try (InputStream in = ReportReaderUnitTest.class.getResourceAsStream("/feedback/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	private static MimeMessage message(byte[] bytes) throws MessagingException {
		return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
	}

}
