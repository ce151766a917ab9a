package dev.glowletter.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

import dev.glowletter.devmail.internal.SampleReports;
import dev.glowletter.feedback.internal.Finding.Kind;
import dev.glowletter.feedback.internal.Report.Type;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/**
 * The reports the dev inbox mails back are read as the reports of real mail servers.
 */
class SampleReportsRoundTripUnitTest {

	private static final String VERP = "bounces+c12-345-abcdefghijklm@news.example.org";

	private static final String READER = "jane.doe@example.com";

	private static final Instant NOW = Instant.parse("2025-04-01T10:15:00Z");

	private final Session session = Session.getInstance(new Properties());

	@Test
	void sampleBounceIsReadAsAHardBounceOfTheRecipient() throws Exception {
		MimeMessage bounce = SampleReports.bounce(session, original(), VERP, READER, NOW);

		Report report = ReportReader.read(roundTrip(bounce));

		assertThat(report.type()).isEqualTo(Type.DELIVERY_STATUS);
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.HARD_BOUNCE);
			assertThat(finding.recipient()).isEqualTo(READER);
			assertThat(finding.status()).isEqualTo("5.1.1");
			assertThat(finding.diagnostic()).contains("User unknown in virtual mailbox table");
		});
		assertThat(report.envelopeAddresses()).contains(VERP);
		assertThat(report.messageId()).isEqualTo(bounce.getMessageID()).endsWith("@mx.example.net>");
	}

	@Test
	void sampleComplaintIsReadAsAComplaintOfTheRecipient() throws Exception {
		MimeMessage complaint = SampleReports.complaint(session, original(), VERP, READER, NOW);

		Report report = ReportReader.read(roundTrip(complaint));

		assertThat(report.type()).isEqualTo(Type.COMPLAINT);
		assertThat(report.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.kind()).isEqualTo(Kind.COMPLAINT);
			assertThat(finding.recipient()).isEqualTo(READER);
		});
		assertThat(report.envelopeAddresses()).contains(VERP);
	}

	@Test
	void eachSampleReportHasItsOwnMessageId() throws Exception {
		MimeMessage first = SampleReports.bounce(session, original(), VERP, READER, NOW);
		MimeMessage second = SampleReports.bounce(session, original(), VERP, READER, NOW);

		assertThat(first.getMessageID()).isNotEqualTo(second.getMessageID());
	}

	@Test
	void sampleBounceLooksLikePostfixOnTheWire() throws Exception {
		String wire = new String(bytes(SampleReports.bounce(session, original(), VERP, READER, NOW)),
				StandardCharsets.ISO_8859_1);

		assertThat(wire).contains("Subject: Undelivered Mail Returned to Sender", "Auto-Submitted: auto-replied",
				"report-type=delivery-status", "Content-Type: message/delivery-status",
				"Reporting-MTA: dns; mx.example.net", "Final-Recipient: rfc822; " + READER,
				"Content-Type: text/rfc822-headers", "Return-Path: <" + VERP + ">", "MAILER-DAEMON@mx.example.net");
	}

	private MimeMessage original() throws MessagingException {
		MimeMessage original = new MimeMessage(session);
		original.setFrom(new InternetAddress("letter@news.example.org"));
		original.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(READER));
		original.setSubject("Example News #12: Spring is here");
		original.setText("Hello Jane, spring is here.", "UTF-8");
		original.setHeader("Message-ID", "<campaign-12.subscriber-345@news.example.org>");
		return original;
	}

	private MimeMessage roundTrip(MimeMessage message) throws MessagingException, IOException {
		return new MimeMessage(session, new ByteArrayInputStream(bytes(message)));
	}

	private static byte[] bytes(MimeMessage message) throws MessagingException, IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		message.writeTo(out);
		return out.toByteArray();
	}

}
