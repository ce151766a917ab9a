package dev.glowletter.delivery.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailSSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One worker's long-lived connection to the SMTP server: opened on first use by Jakarta
 * Mail (greeting, EHLO, STARTTLS and auth as {@code spring.mail.*} say), reused message
 * after message, renewed after a number of messages, after a 421, or after any error. Its
 * sockets send at once (TCP_NODELAY): without that, every message can stall tens of
 * milliseconds on Nagle's algorithm meeting a delayed ACK.
 *
 * <p>
 * The messages themselves go out through {@link SmtpWire} on the socket Jakarta opened,
 * which this connection's socket factories hand out and remember. When that socket cannot
 * be known (the configuration brings its own socket factories), or when {@code direct} is
 * off, Jakarta Mail sends each message itself: the same outcomes, slower.
 *
 * <p>
 * The SMTP client's one entry point: the rest of delivery hands it {@link Outgoing}
 * messages and reads an {@link SmtpReply} for each; the wire, the replies' parsing and
 * the raw message stay in here.
 */
public final class SmtpConnection implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SmtpConnection.class);

	private final Session session;

	private final JavaMailSenderImpl settings;

	private final String protocol;

	private final String envelopeFrom;

	private final int reconnectAfter;

	private final Duration writeTimeout;

	/** Whether messages go out through {@link SmtpWire} when the socket is known. */
	private final boolean direct;

	/**
	 * The last socket this connection's factories made; null when the configuration
	 * brings its own factories.
	 */
	private final SocketMemory sockets;

	private Transport transport;

	/** Where the open connection goes. */
	private String connectedHost;

	private int connectedPort;

	private SmtpWire wire;

	private int sentOnThisConnection;

	public SmtpConnection(JavaMailSenderImpl settings, String envelopeFrom, int reconnectAfter) {
		this(settings, envelopeFrom, reconnectAfter, true);
	}

	public SmtpConnection(JavaMailSenderImpl settings, String envelopeFrom, int reconnectAfter, boolean direct) {
		this(settings, envelopeFrom, reconnectAfter, direct, null);
	}

	/**
	 * @param timeout when not null, the longest wait for the connection and for each
	 * reply, in place of {@code spring.mail.properties}
	 */
	private SmtpConnection(JavaMailSenderImpl settings, String envelopeFrom, int reconnectAfter, boolean direct,
			Duration timeout) {
		this.settings = settings;
		this.envelopeFrom = envelopeFrom;
		this.reconnectAfter = reconnectAfter;
		this.protocol = settings.getProtocol() == null ? "smtp" : settings.getProtocol();
		String prefix = "mail." + protocol;
		Properties properties = new Properties();
		properties.putAll(settings.getJavaMailProperties());
		if (envelopeFrom != null) {
			properties.put(prefix + ".from", envelopeFrom);
		}
		if (timeout != null) {
			for (String wait : new String[] { "connectiontimeout", "timeout", "writetimeout" }) {
				properties.put(prefix + "." + wait, Long.toString(timeout.toMillis()));
			}
		}
		this.writeTimeout = Duration
			.ofMillis(Long.parseLong(properties.getProperty(prefix + ".writetimeout", "60000")));
		boolean ownFactories = properties.keySet()
			.stream()
			.anyMatch(key -> key.toString().startsWith(prefix + ".socketFactory")
					|| key.toString().startsWith(prefix + ".ssl.socketFactory"));
		this.direct = direct;
		this.sockets = ownFactories ? null : new SocketMemory();
		if (sockets != null) {
			properties.put(prefix + ".socketFactory", new PlainSockets(sockets));
			properties.put(prefix + ".ssl.socketFactory",
					TlsSockets.create(sockets, properties.getProperty(prefix + ".ssl.trust")));
			// the trust moved into that factory: left here, it would make Jakarta pass
			// over the factory for one of its own
			properties.remove(prefix + ".ssl.trust");
		}
		this.session = Session.getInstance(properties);
	}

	/**
	 * Connects, greets and logs in as a worker would (STARTTLS and auth as
	 * {@code spring.mail.*} say), then hangs up; the connection and each reply are waited
	 * for at most {@code timeout}.
	 */
	public static void check(JavaMailSenderImpl settings, Duration timeout) throws MessagingException {
		try (SmtpConnection probe = new SmtpConnection(settings, null, 1, false, timeout)) {
			probe.connect();
		}
	}

	/**
	 * What a failure to connect or send says (the server's reply, or the network's
	 * error), cut to {@code max} characters.
	 */
	public static String describe(Exception failure, int max) {
		return SmtpReplies.describe(failure, max);
	}

	/**
	 * Opens the connection if it is not open (also a way to check that the relay
	 * answers); one open to a relay the settings no longer name is closed first.
	 */
	public void connect() throws MessagingException {
		if (transport != null) {
			if (settings.getPort() == connectedPort && Objects.equals(settings.getHost(), connectedHost)) {
				return;
			}
			close();
		}
		if (sockets != null) {
			sockets.last = null;
		}
		Transport opened = session.getTransport(protocol);
		String host = settings.getHost();
		int port = settings.getPort();
		opened.connect(host, port, settings.getUsername(), settings.getPassword());
		connectedHost = host;
		connectedPort = port;
		transport = opened;
		sentOnThisConnection = 0;
		wire = null;
		Socket socket = sockets == null ? null : sockets.last;
		if (direct && opened instanceof SMTPTransport smtp && socket != null && socket.isConnected()
				&& !socket.isClosed() && smtp.isSSL() == (socket instanceof SSLSocket)) {
			try {
				wire = new SmtpWire(socket, envelopeFrom, smtp.supportsExtension("PIPELINING"), writeTimeout);
			}
			catch (IOException ex) {
				close();
				throw new MessagingException("Could not use the SMTP connection", ex);
			}
		}
	}

	/**
	 * Whether messages go out through the engine's own writes on Jakarta's socket: known
	 * once connected.
	 */
	boolean direct() {
		return wire != null;
	}

	/** Whether messages go out pipelined (RFC 2920): known once connected. */
	boolean pipelining() {
		return wire != null && wire.pipelining();
	}

	/**
	 * Sends the messages in order and returns each one's reply. After a 421 the rest go
	 * out on a new connection; when the connection fails, the rest get
	 * {@link SmtpReply#NO_REPLY} and the connection is closed.
	 */
	public SmtpReply[] send(List<? extends Outgoing> messages) {
		SmtpReply[] replies = new SmtpReply[messages.size()];
		int next = 0;
		while (next < messages.size()) {
			try {
				connect();
				int end = Math.min(messages.size(), next + Math.max(1, reconnectAfter - sentOnThisConnection));
				int reached = wire != null ? wire.transmit(messages, next, end, replies)
						: sendEach(messages, next, end, replies);
				sentOnThisConnection += reached - next;
				if (reached < end || sentOnThisConnection >= reconnectAfter || replies[reached - 1].closing()) {
					close();
				}
				next = reached;
			}
			catch (IOException | MessagingException ex) {
				String why = SmtpReplies.describe(ex, 500);
				for (int i = next; i < replies.length; i++) {
					if (replies[i] == null) {
						replies[i] = SmtpReply.noReply(why);
					}
				}
				abort();
				return replies;
			}
		}
		return replies;
	}

	/**
	 * Jakarta Mail sends each message itself; a failure with no SMTP reply is the
	 * connection's.
	 */
	private int sendEach(List<? extends Outgoing> messages, int from, int end, SmtpReply[] replies)
			throws MessagingException {
		for (int i = from; i < end; i++) {
			Outgoing message = messages.get(i);
			Address[] to;
			byte[] content;
			try {
				to = new Address[] { new InternetAddress(message.recipient(), true) };
			}
			catch (AddressException ex) {
				replies[i] = SmtpReply
					.unwritableAddress("the address cannot be written in an SMTP envelope: " + ex.getMessage());
				continue;
			}
			try {
				content = message.content();
			}
			catch (RuntimeException ex) {
				replies[i] = SmtpReply.notMade("could not make the message: " + ex);
				continue;
			}
			try {
				RawMessage raw = new RawMessage(session, content);
				if (message.envelopeFrom() != null) {
					raw.setEnvelopeFrom(message.envelopeFrom());
				}
				transport.sendMessage(raw, to);
				replies[i] = new SmtpReply(250, ((SMTPTransport) transport).getLastServerResponse(),
						SmtpReply.Step.MESSAGE);
			}
			catch (MessagingException ex) {
				Integer code = SmtpReplies.replyCode(ex);
				if (code == null) {
					throw ex;
				}
				replies[i] = new SmtpReply(code, SmtpReplies.describe(ex, 500), SmtpReplies.step(ex));
				if (code == 421) {
					return i + 1;
				}
			}
		}
		return end;
	}

	/**
	 * Drops the connection at once, without QUIT: after an error, the conversation cannot
	 * be trusted.
	 */
	private void abort() {
		Socket socket = sockets == null ? null : sockets.last;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// dropping it anyway
			}
		}
		close();
	}

	/** Ends the connection with QUIT (Jakarta's part) when it is still open. */
	@Override
	public void close() {
		Transport open = transport;
		transport = null;
		wire = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (MessagingException ex) {
				log.debug("Closing the SMTP connection: {}", ex.getMessage());
			}
		}
	}

	/**
	 * The socket the factories made last: the one Jakarta talks through once it is
	 * connected.
	 */
	private static final class SocketMemory {

		private volatile Socket last;

		Socket remember(Socket socket) throws IOException {
			socket.setTcpNoDelay(true);
			last = socket;
			return socket;
		}

	}

	/** Plain sockets that send small writes at once. */
	static final class PlainSockets extends SocketFactory {

		private final SocketFactory delegate = SocketFactory.getDefault();

		private final SocketMemory memory;

		private PlainSockets(SocketMemory memory) {
			this.memory = memory;
		}

		@Override
		public Socket createSocket() throws IOException {
			return memory.remember(delegate.createSocket());
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return memory.remember(delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return memory.remember(delegate.createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return memory.remember(delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return memory.remember(delegate.createSocket(address, port, localAddress, localPort));
		}

	}

	/**
	 * TLS sockets for STARTTLS and SMTPS, trusting what {@code mail.<protocol>.ssl.trust}
	 * says just as Jakarta's own choice of factory would (Jakarta checks the trusted
	 * hosts on instances of this class).
	 */
	static final class TlsSockets extends MailSSLSocketFactory {

		private final SocketMemory memory;

		private TlsSockets(SocketMemory memory) throws GeneralSecurityException {
			this.memory = memory;
		}

		static TlsSockets create(SocketMemory memory, String trust) {
			try {
				TlsSockets factory = new TlsSockets(memory);
				if ("*".equals(trust)) {
					factory.setTrustAllHosts(true);
				}
				else if (trust != null) {
					factory.setTrustedHosts(
							Arrays.stream(trust.split("\\s+")).filter(host -> !host.isEmpty()).toArray(String[]::new));
				}
				return factory;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("No TLS support for the SMTP connection", ex);
			}
		}

		@Override
		public synchronized Socket createSocket(Socket socket, String host, int port, boolean autoClose)
				throws IOException {
			return memory.remember(super.createSocket(socket, host, port, autoClose));
		}

		@Override
		public synchronized Socket createSocket() throws IOException {
			return memory.remember(super.createSocket());
		}

		@Override
		public synchronized Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return memory.remember(super.createSocket(address, port, localAddress, localPort));
		}

		@Override
		public synchronized Socket createSocket(InetAddress host, int port) throws IOException {
			return memory.remember(super.createSocket(host, port));
		}

		@Override
		public synchronized Socket createSocket(String host, int port, InetAddress localHost, int localPort)
				throws IOException {
			return memory.remember(super.createSocket(host, port, localHost, localPort));
		}

		@Override
		public synchronized Socket createSocket(String host, int port) throws IOException {
			return memory.remember(super.createSocket(host, port));
		}

	}

}
