package dev.glowletter;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One GreenMail SMTP server for the whole test run: the relay every integration test
 * sends to.
 */
public final class TestSmtp {

	private static final GreenMail SERVER = start();

	private TestSmtp() {
	}

	private static GreenMail start() {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		return server;
	}

	public static GreenMail server() {
		return SERVER;
	}

	public static int port() {
		return SERVER.getSmtp().getPort();
	}

}
