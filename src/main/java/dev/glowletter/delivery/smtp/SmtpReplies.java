package dev.glowletter.delivery.smtp;

import java.util.Locale;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What Jakarta Mail's exceptions say of an SMTP failure: the server's reply code and the
 * command it answered.
 */
final class SmtpReplies {

	private SmtpReplies() {
	}

	/**
	 * The SMTP reply code the server gave, or null when it gave none (connection lost,
	 * refused).
	 */
	static Integer replyCode(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SMTPAddressFailedException address) {
				return reply(address.getReturnCode());
			}
			if (t instanceof SMTPSendFailedException send) {
				return reply(send.getReturnCode());
			}
			if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
				Integer next = replyCode(messaging.getNextException());
				if (next != null) {
					return next;
				}
			}
		}
		return null;
	}

	/** The command a failure answers, as far as the exception tells. */
	static SmtpReply.Step step(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SMTPAddressFailedException) {
				return SmtpReply.Step.RCPT;
			}
			if (t instanceof SMTPSendFailedException send && send.getCommand() != null) {
				String command = send.getCommand().toUpperCase(Locale.ROOT);
				return command.startsWith("MAIL") ? SmtpReply.Step.MAIL
						: command.startsWith("RCPT") ? SmtpReply.Step.RCPT
								: command.startsWith("DATA") ? SmtpReply.Step.DATA : SmtpReply.Step.MESSAGE;
			}
			if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
				return step(messaging.getNextException());
			}
		}
		return SmtpReply.Step.MESSAGE;
	}

	/**
	 * Angus reports -1 when the server hung up instead of answering: that is no reply at
	 * all.
	 */
	private static Integer reply(int code) {
		return code >= 200 ? code : null;
	}

	static String describe(Throwable failure, int max) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = String.valueOf(failure.getMessage()).strip() + (root != failure ? " (" + root + ")" : "");
		return text.length() > max ? text.substring(0, max) : text;
	}

}
