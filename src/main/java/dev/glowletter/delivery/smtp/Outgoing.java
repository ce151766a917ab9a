package dev.glowletter.delivery.smtp;

/**
 * A message for the wire: its envelope recipient (and sender, when it has its own), and
 * its content, made when it is its turn.
 */
public interface Outgoing {

	String recipient();

	/**
	 * The whole message (headers and body) in 7-bit ASCII with CRLF line ends; may throw
	 * if it cannot be made.
	 */
	byte[] content();

	/**
	 * The envelope sender ({@code MAIL FROM}) of this message; null for the connection's
	 * own.
	 */
	default String envelopeFrom() {
		return null;
	}

}
