package dev.glowletter.feedback;

import java.time.Duration;

/**
 * A bounce mailbox the service runs itself, for when none is configured: the embedded
 * capture server provides one (the devmail module declares it as a bean), so that a
 * newcomer sees bounces come back without any provider. A configured
 * {@code glowletter.bounce.address} or mailbox host takes precedence.
 *
 * @param address the bounce address
 * @param protocol {@code imap} or {@code imaps}
 * @param host the server
 * @param port its port
 * @param user the login
 * @param password the password
 * @param pollInterval how often it is read
 */
public record LocalBounceMailbox(String address, String protocol, String host, int port, String user, String password,
		Duration pollInterval) {

	@Override
	public String toString() {
		return "LocalBounceMailbox[" + address + " at " + protocol + "://" + host + ":" + port + "]";
	}

}
