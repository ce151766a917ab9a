package dev.glowletter.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

class SmtpRepliesUnitTest {

	private static SMTPAddressFailedException recipientRefused(int code) throws Exception {
		return new SMTPAddressFailedException(new InternetAddress("ann@example.org"), "RCPT TO", code, code + " no");
	}

	@Test
	void recipientRefusedIsReadAsARcptReplyWithItsCode() throws Exception {
		assertThat(SmtpReplies.replyCode(recipientRefused(550))).isEqualTo(550);
		assertThat(SmtpReplies.replyCode(recipientRefused(450))).isEqualTo(450);
		assertThat(SmtpReplies.step(recipientRefused(550))).isEqualTo(SmtpReply.Step.RCPT);
	}

	@Test
	void messageRefusedIsReadWithItsCodeAndTheCommandItAnswered() {
		SMTPSendFailedException data = new SMTPSendFailedException("DATA", 554, "554 rejected", null, null, null, null);
		assertThat(SmtpReplies.replyCode(data)).isEqualTo(554);
		assertThat(SmtpReplies.step(data)).isEqualTo(SmtpReply.Step.DATA);
		SMTPSendFailedException sender = new SMTPSendFailedException("MAIL FROM:<news@example.org>", 553, "553 no",
				null, null, null, null);
		assertThat(SmtpReplies.step(sender)).isEqualTo(SmtpReply.Step.MAIL);
	}

	@Test
	void refusalWrappedInSpringAndSendFailedExceptionsIsFound() throws Exception {
		SendFailedException wrapped = new SendFailedException("failed", recipientRefused(550));
		assertThat(SmtpReplies.replyCode(new MailSendException("send failed", wrapped))).isEqualTo(550);
		assertThat(SmtpReplies.step(new MailSendException("send failed", wrapped))).isEqualTo(SmtpReply.Step.RCPT);
	}

	@Test
	void connectionFailureHasNoReplyCode() {
		assertThat(SmtpReplies
			.replyCode(new MessagingException("Could not connect", new ConnectException("Connection refused"))))
			.isNull();
		assertThat(SmtpReplies.replyCode(new SMTPSendFailedException("DATA", 451, "451 later", null, null, null, null)))
			.isEqualTo(451);
	}

	@Test
	void serverThatHungUpInsteadOfReplyingGaveNoReplyCode() {
		// what Angus throws when the connection drops while it waits for the answer to
		// MAIL FROM
		assertThat(SmtpReplies.replyCode(
				new SMTPSendFailedException("MAIL FROM:<news@example.org>", -1, "[EOF]", null, null, null, null)))
			.isNull();
	}

}
