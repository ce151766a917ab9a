package dev.glowletter;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One GreenMail server for the whole test run: the SMTP relay every integration test
 * sends to, and the bounce mailbox ({@link #BOUNCE_ADDRESS}) over IMAP and POP3.
 */
public final class TestSmtp {

	/** The bounce address of the integration tests; its mailbox is on this server. */
	public static final String BOUNCE_ADDRESS = "bounces@news.example.org";

	public static final String BOUNCE_USER = "bounces";

	public static final String BOUNCE_PASSWORD = "bounce-mailbox-password";

	private static final GreenMail SERVER = start();

	private TestSmtp() {
	}

	private static GreenMail start() {
		GreenMail server = new GreenMail(
				new ServerSetup[] { new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
						new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort(),
						new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3).dynamicPort() });
		server.start();
		server.setUser(BOUNCE_ADDRESS, BOUNCE_USER, BOUNCE_PASSWORD);
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		return server;
	}

	public static GreenMail server() {
		return SERVER;
	}

	public static int port() {
		return SERVER.getSmtp().getPort();
	}

	public static int imapPort() {
		return SERVER.getImap().getPort();
	}

	public static int pop3Port() {
		return SERVER.getPop3().getPort();
	}

}
