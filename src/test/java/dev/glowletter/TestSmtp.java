package dev.glowletter;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One GreenMail server for the whole test run: the SMTP relay every integration test
 * sends to, and the bounce mailbox ({@link #BOUNCE_ADDRESS}) over IMAP and POP3.
 * <p>
 * Mail to an address without a mailbox goes to one shared mailbox, not to one made for
 * the address as GreenMail does by default: GreenMail finds a mailbox by reading the list
 * of all of them, and a run sends to tens of thousands of addresses (the crash test alone
 * to 10,000), so each new one cost a read of all those before it. The addresses the mail
 * was sent to (SMTP {@code RCPT TO}) are kept in {@link #everSentTo}.
 */
public final class TestSmtp {

	/** The bounce address of the integration tests; its mailbox is on this server. */
	public static final String BOUNCE_ADDRESS = "bounces@news.example.org";

	public static final String BOUNCE_USER = "bounces";

	public static final String BOUNCE_PASSWORD = "bounce-mailbox-password";

	/** Where mail to an address without a mailbox of its own goes. */
	private static final String SHARED_MAILBOX = "everyone-else@test.invalid";

	/** Every address mail was sent to in this run, in lower case. */
	private static final Set<String> SENT_TO = ConcurrentHashMap.newKeySet();

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
		UserManager users = server.getUserManager();
		GreenMailUser shared = sharedMailbox(users);
		users.setMessageDeliveryHandler((message, address) -> {
			SENT_TO.add(address.getEmail().toLowerCase(Locale.ROOT));
			GreenMailUser own = users.getUserByEmail(address.getEmail());
			return (own != null) ? own : shared;
		});
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		return server;
	}

	private static GreenMailUser sharedMailbox(UserManager users) {
		try {
			return users.createUser(SHARED_MAILBOX, SHARED_MAILBOX, "unused");
		}
		catch (UserException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether any mail of this run was sent to the address ({@code RCPT TO}). */
	public static boolean everSentTo(String address) {
		return SENT_TO.contains(address.toLowerCase(Locale.ROOT));
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
