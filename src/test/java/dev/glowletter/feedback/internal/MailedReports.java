package dev.glowletter.feedback.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Reports as a bounce mailbox receives them, made for the tests: a Postfix-style delivery
 * status notification, an RFC 5965 complaint, an out-of-office reply. Each has a fresh
 * Message-ID unless one is given.
 */
final class MailedReports {

	private MailedReports() {
	}

	static MimeMessage dsn(String verp, String recipient, String action, String status, String diagnostic) {
		return dsn(verp, recipient, action, status, diagnostic, "<" + UUID.randomUUID() + "@mx.example.net>");
	}

	static MimeMessage dsn(String verp, String recipient, String action, String status, String diagnostic,
			String messageId) {
		return parse("""
				Return-Path: <>
				Delivered-To: %1$s
				From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
				To: %1$s
				Subject: Undelivered Mail Returned to Sender
				Message-ID: %5$s
				Auto-Submitted: auto-replied
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

				--BOUNDARY
				Content-Type: text/plain; charset=us-ascii

				I'm sorry to have to inform you that your message could not
				be delivered to one or more recipients.

				--BOUNDARY
				Content-Type: message/delivery-status

				Reporting-MTA: dns; mx.example.net

				Final-Recipient: rfc822; %2$s
				Action: %3$s
				Status: %4$s
				Diagnostic-Code: smtp; %6$s

				--BOUNDARY
				Content-Type: text/rfc822-headers

				Return-Path: <%1$s>
				From: news@example.org
				To: %2$s
				Subject: A newsletter

				--BOUNDARY--
				""".formatted(verp, recipient, action, status, messageId, diagnostic));
	}

	static MimeMessage complaint(String verp, String recipient) {
		return parse("""
				From: feedback@fbl.example.net
				To: %1$s
				Subject: Abuse report
				Message-ID: <%3$s@fbl.example.net>
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=feedback-report; boundary="PART"

				--PART
				Content-Type: text/plain

				This is an abuse report for a message received from us.

				--PART
				Content-Type: message/feedback-report

				Feedback-Type: abuse
				User-Agent: ExampleFBL/1.0
				Version: 1
				Original-Mail-From: <%1$s>
				Original-Rcpt-To: <%2$s>

				--PART
				Content-Type: message/rfc822

				Return-Path: <%1$s>
				From: news@example.org
				To: %2$s
				Subject: A newsletter

				Hello.

				--PART--
				""".formatted(verp, recipient, UUID.randomUUID()));
	}

	static MimeMessage outOfOffice(String verp) {
		return parse("""
				From: reader@example.com
				To: %1$s
				Subject: Out of Office: A newsletter
				Message-ID: <%2$s@example.com>
				Auto-Submitted: auto-replied

				I am away until Monday.
				""".formatted(verp, UUID.randomUUID()));
	}

	private static MimeMessage parse(String text) {
		try {
			return new MimeMessage(Session.getInstance(new Properties()),
					new ByteArrayInputStream(text.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII)));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
