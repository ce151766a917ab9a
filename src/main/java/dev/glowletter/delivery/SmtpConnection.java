package dev.glowletter.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;

import javax.net.SocketFactory;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One worker's long-lived connection to the SMTP server: opened on first use, reused message
 * after message (auth and STARTTLS as {@code spring.mail.*} say), renewed after a number of
 * messages or any error. Its sockets send at once (TCP_NODELAY): without that, every message
 * can stall tens of milliseconds on Nagle's algorithm meeting a delayed ACK.
 */
final class SmtpConnection implements AutoCloseable {

	private final Session session;

	private final JavaMailSenderImpl settings;

	private final int reconnectAfter;

	private Transport transport;

	private int sentOnThisConnection;

	SmtpConnection(JavaMailSenderImpl settings, String envelopeFrom, int reconnectAfter) {
		this(settings, envelopeFrom, reconnectAfter, null);
	}

	/** @param timeout when not null, the longest wait for the connection and for each reply, in place of {@code spring.mail.properties} */
	private SmtpConnection(JavaMailSenderImpl settings, String envelopeFrom, int reconnectAfter, Duration timeout) {
		this.settings = settings;
		this.reconnectAfter = reconnectAfter;
		Properties properties = new Properties();
		properties.putAll(settings.getJavaMailProperties());
		String protocol = settings.getProtocol() == null ? "smtp" : settings.getProtocol();
		if (envelopeFrom != null) {
			properties.put("mail." + protocol + ".from", envelopeFrom);
		}
		if (timeout != null) {
			for (String wait : new String[] { "connectiontimeout", "timeout", "writetimeout" }) {
				properties.put("mail." + protocol + "." + wait, Long.toString(timeout.toMillis()));
			}
		}
		if (!properties.containsKey("mail." + protocol + ".socketFactory")) {
			properties.put("mail." + protocol + ".socketFactory", protocol.equals("smtps")
					? new NoDelaySocketFactory(javax.net.ssl.SSLSocketFactory.getDefault()) : new NoDelaySocketFactory(SocketFactory.getDefault()));
		}
		this.session = Session.getInstance(properties);
	}

	/**
	 * Connects, greets and logs in as a worker would (STARTTLS and auth as {@code spring.mail.*}
	 * say), then hangs up; the connection and each reply are waited for at most {@code timeout}.
	 */
	static void check(JavaMailSenderImpl settings, Duration timeout) throws MessagingException {
		try (SmtpConnection probe = new SmtpConnection(settings, null, 1, timeout)) {
			probe.connect();
		}
	}

	Session session() {
		return session;
	}

	/** Opens the connection if it is not open (also a way to check that the relay answers). */
	void connect() throws MessagingException {
		if (transport == null) {
			Transport opened = session.getTransport(settings.getProtocol() == null ? "smtp" : settings.getProtocol());
			opened.connect(settings.getHost(), settings.getPort(), settings.getUsername(), settings.getPassword());
			transport = opened;
			sentOnThisConnection = 0;
		}
	}

	void send(MimeMessage message, Address[] recipients) throws MessagingException {
		connect();
		transport.sendMessage(message, recipients);
		if (++sentOnThisConnection >= reconnectAfter) {
			close();
		}
	}

	@Override
	public void close() {
		Transport open = transport;
		transport = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (MessagingException ex) {
				// the connection is being dropped anyway
			}
		}
	}

	/** Sockets that send small writes at once. */
	static final class NoDelaySocketFactory extends SocketFactory {

		private final SocketFactory delegate;

		NoDelaySocketFactory(SocketFactory delegate) {
			this.delegate = delegate;
		}

		private static Socket noDelay(Socket socket) throws IOException {
			socket.setTcpNoDelay(true);
			return socket;
		}

		@Override
		public Socket createSocket() throws IOException {
			return noDelay(delegate.createSocket());
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return noDelay(delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return noDelay(delegate.createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return noDelay(delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
			return noDelay(delegate.createSocket(address, port, localAddress, localPort));
		}
	}
}
