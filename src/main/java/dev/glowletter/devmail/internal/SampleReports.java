package dev.glowletter.devmail.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Enumeration;
import java.util.UUID;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

/**
 * Reports as the mail systems send them, for the dev inbox to mail back to the envelope
 * sender of a captured message: a Postfix bounce (RFC 3464) and a feedback loop's abuse
 * report (RFC 5965). With them a newcomer sees bounces and complaints arrive without a
 * real mail server.
 * <p>
 * Public, with its two factories, only so that the feedback module's tests can read what
 * it makes; no main code outside this package uses it.
 */
public final class SampleReports {

	/** The host that reports, as a receiving mail server would name itself. */
	static final String REPORTING_HOST = "mx.example.net";

	private static final String CRLF = "\r\n";

	private SampleReports() {
	}

	/**
	 * A Postfix bounce of one recipient: user unknown, a hard bounce (5.1.1).
	 * @param session the mail session to make the message in
	 * @param original the message that bounced
	 * @param envelopeSender its envelope sender (the VERP address), whom the bounce goes
	 * to
	 * @param recipient the recipient that does not exist
	 * @param now when the bounce is made
	 * @return the bounce, its headers complete
	 * @throws MessagingException when the original cannot be read
	 */
	public static MimeMessage bounce(Session session, MimeMessage original, String envelopeSender, String recipient,
			Instant now) throws MessagingException {
		MimeMessage report = message(session, now);
		report.setFrom(new InternetAddress("Mail Delivery System <MAILER-DAEMON@" + REPORTING_HOST + ">"));
		report.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(envelopeSender));
		report.setSubject("Undelivered Mail Returned to Sender", StandardCharsets.UTF_8.name());
		report.setHeader("Auto-Submitted", "auto-replied");
		String diagnostic = "550 5.1.1 <" + recipient
				+ ">: Recipient address rejected: User unknown in virtual mailbox table";
		String notification = String.join(CRLF, "This is the mail system at host " + REPORTING_HOST + ".", "",
				"I'm sorry to have to inform you that your message could not",
				"be delivered to one or more recipients. It's attached below.", "",
				"For further assistance, please send mail to postmaster.", "",
				"If you do so, please include this problem report. You can",
				"delete your own text from the attached returned message.", "", "                   The mail system",
				"", "<" + recipient + ">: host mx.example.com[192.0.2.25] said: " + diagnostic
						+ " (in reply to RCPT TO command)",
				"");
		String deliveryStatus = String.join(CRLF, "Reporting-MTA: dns; " + REPORTING_HOST,
				"X-Postfix-Sender: rfc822; " + envelopeSender, "Arrival-Date: " + date(now), "",
				"Final-Recipient: rfc822; " + recipient, "Original-Recipient: rfc822;" + recipient, "Action: failed",
				"Status: 5.1.1", "Remote-MTA: dns; mx.example.com", "Diagnostic-Code: smtp; " + diagnostic, "");
		MimeMultipart parts = report("delivery-status");
		parts.addBodyPart(text(notification, "Notification"));
		parts.addBodyPart(
				part(deliveryStatus.getBytes(StandardCharsets.US_ASCII), "message/delivery-status", "Delivery report"));
		parts
			.addBodyPart(part(headers(original, envelopeSender), "text/rfc822-headers", "Undelivered Message Headers"));
		report.setContent(parts);
		report.saveChanges();
		return report;
	}

	/**
	 * A feedback loop's abuse report: the recipient called the message spam.
	 * @param session the mail session to make the message in
	 * @param original the message complained of
	 * @param envelopeSender its envelope sender (the VERP address), whom the report goes
	 * to
	 * @param recipient the recipient who complained
	 * @param now when the report is made
	 * @return the report, its headers complete
	 * @throws MessagingException when the original cannot be read
	 */
	public static MimeMessage complaint(Session session, MimeMessage original, String envelopeSender, String recipient,
			Instant now) throws MessagingException {
		MimeMessage report = message(session, now);
		report.setFrom(new InternetAddress("feedback@fbl.example.net"));
		report.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(envelopeSender));
		report.setSubject("Abuse report", StandardCharsets.UTF_8.name());
		String notice = String.join(CRLF, "This is an email abuse report for an email message received",
				"on " + date(now) + ". A reader of example.net marked it as spam.",
				"For more information about this format please see https://www.rfc-editor.org/rfc/rfc5965.", "");
		String feedbackReport = String.join(CRLF, "Feedback-Type: abuse", "User-Agent: ExampleFBL/1.0", "Version: 1",
				"Original-Mail-From: <" + envelopeSender + ">", "Original-Rcpt-To: <" + recipient + ">",
				"Arrival-Date: " + date(now), "Reporting-MTA: dns; fbl.example.net", "");
		MimeMultipart parts = report("feedback-report");
		parts.addBodyPart(text(notice, null));
		parts.addBodyPart(part(feedbackReport.getBytes(StandardCharsets.US_ASCII), "message/feedback-report", null));
		parts.addBodyPart(part(withReturnPath(original, envelopeSender), "message/rfc822", null));
		report.setContent(parts);
		report.saveChanges();
		return report;
	}

	private static MimeMessage message(Session session, Instant now) throws MessagingException {
		String messageId = "<" + UUID.randomUUID() + "@" + REPORTING_HOST + ">";
		MimeMessage message = new MimeMessage(session) {

			// our own id: the default asks the network for the local host's name
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}

		};
		message.setSentDate(Date.from(now));
		return message;
	}

	private static MimeMultipart report(String reportType) throws MessagingException {
		return new ReportMultipart(reportType);
	}

	private static MimeBodyPart text(String text, String description) throws MessagingException {
		MimeBodyPart part = new MimeBodyPart();
		part.setText(text, StandardCharsets.US_ASCII.name());
		if (description != null) {
			part.setDescription(description);
		}
		return part;
	}

	// the bytes as they are: no content handler may stand between a report's fields and
	// the wire
	private static MimeBodyPart part(byte[] bytes, String type, String description) throws MessagingException {
		MimeBodyPart part = new MimeBodyPart();
		part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
		part.setHeader("Content-Type", type);
		part.setHeader("Content-Transfer-Encoding", isAscii(bytes) ? "7bit" : "8bit");
		if (description != null) {
			part.setDescription(description);
		}
		return part;
	}

	private static byte[] headers(MimeMessage original, String envelopeSender) throws MessagingException {
		StringBuilder headers = new StringBuilder("Return-Path: <" + envelopeSender + ">" + CRLF);
		Enumeration<String> lines = original.getNonMatchingHeaderLines(new String[] { "Return-Path" });
		while (lines.hasMoreElements()) {
			headers.append(lines.nextElement()).append(CRLF);
		}
		return headers.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] withReturnPath(MimeMessage original, String envelopeSender) throws MessagingException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			bytes.write(("Return-Path: <" + envelopeSender + ">" + CRLF).getBytes(StandardCharsets.US_ASCII));
			original.writeTo(bytes, new String[] { "Return-Path" });
		}
		catch (IOException ex) {
			throw new MessagingException("The original message could not be written", ex);
		}
		return bytes.toByteArray();
	}

	private static boolean isAscii(byte[] bytes) {
		for (byte b : bytes) {
			if (b < 0) {
				return false;
			}
		}
		return true;
	}

	private static String date(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
	}

	/**
	 * A multipart/report, which needs a report-type that MimeMultipart has no setter for.
	 */
	private static final class ReportMultipart extends MimeMultipart {

		ReportMultipart(String reportType) throws MessagingException {
			super("report");
			ContentType type = new ContentType(this.contentType);
			type.setParameter("report-type", reportType);
			this.contentType = type.toString();
		}

	}

}
