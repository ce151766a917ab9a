package dev.glowletter.delivery.smtp;

/**
 * A message for the wire: its envelope recipient, and its content, made when it is its
 * turn.
 */
public interface Outgoing {

	String recipient();

	/**
	 * The whole message (headers and body) in 7-bit ASCII with CRLF line ends; may throw
	 * if it cannot be made.
	 */
	byte[] content();

}
