package dev.glowletter.delivery.smtp;

import java.util.regex.Pattern;

/**
 * What became of one message on the wire: the server's reply code and text and the step
 * it answered, or one of two codes of our own for a message the server never answered.
 *
 * @param code the SMTP reply code; {@link #NO_REPLY} when the connection failed before
 * the server answered (the message may or may not have arrived), {@link #NOT_MADE} when
 * the message could not be made or addressed and was never offered to the server
 * @param text the server's reply, or why there was none
 * @param step the command the reply answers
 */
public record SmtpReply(int code, String text, Step step) {

	public static final int NO_REPLY = 0;

	public static final int NOT_MADE = -1;

	/** The commands of a message transaction; {@code MESSAGE} is the end of its data. */
	public enum Step {

		MAIL, RCPT, DATA, MESSAGE

	}

	/**
	 * An enhanced status code (RFC 3463) that blames the address: 5.1.x (addressing) or
	 * 5.2.1 (mailbox disabled).
	 */
	private static final Pattern ADDRESS_STATUS = Pattern.compile("^\\d{3}[ -]5\\.(1\\.\\d{1,3}|2\\.1)\\b");

	static SmtpReply noReply(String why) {
		return new SmtpReply(NO_REPLY, why, Step.MESSAGE);
	}

	static SmtpReply notMade(String why) {
		return new SmtpReply(NOT_MADE, why, Step.MESSAGE);
	}

	/**
	 * An address that no SMTP envelope can carry: never offered, and no use trying again.
	 */
	static SmtpReply unwritableAddress(String why) {
		return new SmtpReply(NOT_MADE, why, Step.RCPT);
	}

	public boolean accepted() {
		return code >= 200 && code < 300;
	}

	/** 421: the server is closing the connection (RFC 5321 §3.8). */
	boolean closing() {
		return code == 421;
	}

	/**
	 * A permanent refusal of the reader's address: at RCPT, or anywhere with an enhanced
	 * status code about the address. A refusal of the content (spam, size) or of our
	 * sender is no bounce: it says nothing about the reader.
	 */
	public boolean refusesRecipient() {
		return code >= 500 && (step == Step.RCPT || ADDRESS_STATUS.matcher(text).find());
	}
}
