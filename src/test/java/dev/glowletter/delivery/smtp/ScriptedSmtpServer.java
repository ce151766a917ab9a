package dev.glowletter.delivery.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server that answers what the test says: per recipient, the reply to RCPT and to
 * the end of DATA (250 unless scripted otherwise, e.g. 451 once then 250, or 550), and to
 * the next MAIL commands; it can drop the connection after a number of messages, refuse
 * connections outright, accept them and never say a word, or refuse every login (AUTH
 * PLAIN). It records each message it accepted. It offers PIPELINING unless told not to,
 * and STARTTLS when told to, and reads pipelined commands as they come. One thread per
 * connection, just enough SMTP for Jakarta Mail and the delivery engine.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

	/** A message the server accepted (answered 250 at the end of DATA). */
	public record Accepted(String from, List<String> recipients, String data) {
	}

	private final ServerSocket listener;

	private final List<Accepted> accepted = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<String>> rcptReplies = new ConcurrentHashMap<>();

	private final Map<String, Deque<String>> dataReplies = new ConcurrentHashMap<>();

	private final Deque<String> mailReplies = new ArrayDeque<>();

	private volatile boolean pipelining = true;

	/**
	 * When set, EHLO offers STARTTLS and the conversation goes on over TLS with this
	 * context's certificate.
	 */
	private volatile SSLContext startTls;

	/** Messages that arrived over TLS. */
	private final AtomicInteger acceptedOverTls = new AtomicInteger();

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connections = new AtomicInteger();

	/**
	 * Messages still let through before the next MAIL command drops its connection; -1 =
	 * never.
	 */
	private final AtomicInteger dropCountdown = new AtomicInteger(-1);

	private final AtomicInteger drops = new AtomicInteger();

	/**
	 * Ends of DATA that arrived with the client's next commands already behind them
	 * (pipelined).
	 */
	private final AtomicInteger pipelinedAfterData = new AtomicInteger();

	private volatile boolean refusing;

	private volatile boolean silent;

	private volatile boolean rejectingLogins;

	private volatile boolean closed;

	public ScriptedSmtpServer() {
		try {
			listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open a loopback port for the scripted SMTP server", ex);
		}
		Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return listener.getLocalPort();
	}

	/**
	 * The next RCPT TO for the address is answered with these codes, one per attempt,
	 * then 250.
	 */
	public ScriptedSmtpServer answerRcpt(String address, int... codes) {
		enqueue(rcptReplies, address, codes);
		return this;
	}

	/**
	 * The next MAIL FROM commands (of any message) are answered with these whole replies,
	 * then 250.
	 */
	public ScriptedSmtpServer answerMail(String... replies) {
		synchronized (mailReplies) {
			mailReplies.addAll(List.of(replies));
		}
		return this;
	}

	/**
	 * The end of DATA of the next message to the address is answered with this whole
	 * reply (code and text).
	 */
	public ScriptedSmtpServer answerData(String address, String reply) {
		enqueue(dataReplies, address, reply);
		return this;
	}

	/**
	 * EHLO offers STARTTLS, with GreenMail's self-signed certificate (null: no STARTTLS).
	 */
	public ScriptedSmtpServer offerStartTls(SSLContext context) {
		this.startTls = context;
		return this;
	}

	/** How many accepted messages came over TLS. */
	public int acceptedOverTls() {
		return acceptedOverTls.get();
	}

	/** Whether EHLO offers PIPELINING (it does unless told otherwise). */
	public ScriptedSmtpServer offerPipelining(boolean offer) {
		this.pipelining = offer;
		return this;
	}

	/**
	 * The end of DATA of the next messages to the address is answered with these codes,
	 * then 250.
	 */
	public ScriptedSmtpServer answerData(String address, int... codes) {
		enqueue(dataReplies, address, codes);
		return this;
	}

	/**
	 * Lets this many more messages through, then drops the connection at the next MAIL
	 * command (once).
	 */
	public ScriptedSmtpServer dropConnectionAfter(int messages) {
		dropCountdown.set(messages);
		return this;
	}

	/** While refusing, every new connection is closed at once, before the greeting. */
	public ScriptedSmtpServer refuseConnections(boolean refuse) {
		this.refusing = refuse;
		return this;
	}

	/**
	 * While silent, every new connection is accepted and never greeted: a relay that
	 * hangs.
	 */
	public ScriptedSmtpServer staySilent(boolean silent) {
		this.silent = silent;
		return this;
	}

	/**
	 * While rejecting logins, every AUTH is answered 535 (else 235, whatever the
	 * credentials).
	 */
	public ScriptedSmtpServer rejectLogins(boolean reject) {
		this.rejectingLogins = reject;
		return this;
	}

	/**
	 * Forgets the script, what was accepted and how many connections came (open ones stay
	 * open).
	 */
	public void reset() {
		rcptReplies.clear();
		dataReplies.clear();
		synchronized (mailReplies) {
			mailReplies.clear();
		}
		pipelining = true;
		startTls = null;
		acceptedOverTls.set(0);
		dropCountdown.set(-1);
		drops.set(0);
		pipelinedAfterData.set(0);
		refusing = false;
		silent = false;
		rejectingLogins = false;
		accepted.clear();
		connections.set(0);
	}

	public List<Accepted> accepted() {
		return List.copyOf(accepted);
	}

	/** How many messages were accepted for the address. */
	public int acceptedFor(String address) {
		String key = address.toLowerCase(Locale.ROOT);
		return (int) accepted.stream().filter(m -> m.recipients().contains(key)).count();
	}

	/** The accepted messages to the address. */
	public List<Accepted> acceptedTo(String address) {
		String key = address.toLowerCase(Locale.ROOT);
		return accepted.stream().filter(m -> m.recipients().contains(key)).toList();
	}

	/**
	 * Closes every open connection at once, without a word (the clients find out at their
	 * next command).
	 */
	public void dropOpenConnections() {
		open.forEach(ScriptedSmtpServer::quietlyClose);
	}

	/** How many connections were dropped by {@link #dropConnectionAfter}. */
	public int drops() {
		return drops.get();
	}

	public int connections() {
		return connections.get();
	}

	/** How many connections are open now (not yet ended by the client or the server). */
	public int openConnections() {
		return open.size();
	}

	/**
	 * How many messages' end of DATA came in one piece with the next message's commands.
	 */
	public int pipelinedAfterData() {
		return pipelinedAfterData.get();
	}

	@Override
	public void close() {
		closed = true;
		try {
			listener.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		open.forEach(ScriptedSmtpServer::quietlyClose);
	}

	private static void enqueue(Map<String, Deque<String>> replies, String address, int... codes) {
		for (int code : codes) {
			enqueue(replies, address, code + " " + text(code, address.toLowerCase(Locale.ROOT)));
		}
	}

	private static void enqueue(Map<String, Deque<String>> replies, String address, String reply) {
		Deque<String> queue = replies.computeIfAbsent(address.toLowerCase(Locale.ROOT), a -> new ArrayDeque<>());
		synchronized (queue) {
			queue.addLast(reply);
		}
	}

	/** The scripted reply, or null for the usual 250. */
	private static String next(Deque<String> queue) {
		if (queue == null) {
			return null;
		}
		synchronized (queue) {
			return queue.pollFirst();
		}
	}

	private void acceptLoop() {
		while (!closed) {
			try {
				Socket socket = listener.accept();
				if (refusing) {
					quietlyClose(socket);
					continue;
				}
				// each reply at once, as a relay's are: with Nagle's algorithm, a reply
				// written while the one before is not yet acknowledged waits for the
				// client's delayed acknowledgement (40 ms), a pipelined message's each
				socket.setTcpNoDelay(true);
				connections.incrementAndGet();
				open.add(socket);
				Thread session = new Thread(() -> converse(socket), "scripted-smtp-" + connections.get());
				session.setDaemon(true);
				session.start();
			}
			catch (IOException ex) {
				if (!closed) {
					System.err.println("scripted SMTP server: accept failed: " + ex);
				}
			}
		}
	}

	private void converse(Socket plain) {
		Socket socket = plain;
		try (plain) {
			if (silent) {
				// not a word: read until the client gives up and hangs up
				socket.getInputStream().transferTo(OutputStream.nullOutputStream());
				return;
			}
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			OutputStream out = socket.getOutputStream();
			reply(out, "220 scripted.test ESMTP ready");
			String from = null;
			List<String> recipients = new ArrayList<>();
			String line;
			while ((line = in.readLine()) != null) {
				String upper = line.toUpperCase(Locale.ROOT);
				if (upper.startsWith("EHLO")) {
					reply(out,
							"250-scripted.test\r\n" + (pipelining ? "250-PIPELINING\r\n" : "")
									+ (startTls != null && !(socket instanceof SSLSocket) ? "250-STARTTLS\r\n" : "")
									+ "250-8BITMIME\r\n250-AUTH PLAIN\r\n250 SIZE 52428800");
				}
				else if (upper.startsWith("HELO")) {
					reply(out, "250 scripted.test");
				}
				else if (upper.equals("STARTTLS") && startTls != null && !(socket instanceof SSLSocket)) {
					reply(out, "220 2.0.0 Ready to start TLS");
					SSLSocket tls = (SSLSocket) startTls.getSocketFactory()
						.createSocket(socket, null, socket.getPort(), true);
					tls.setUseClientMode(false);
					tls.startHandshake();
					socket = tls;
					in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.ISO_8859_1));
					out = tls.getOutputStream();
					from = null;
					recipients.clear();
				}
				else if (upper.startsWith("AUTH PLAIN")) {
					if (line.strip().length() == "AUTH PLAIN".length()) {
						reply(out, "334 ");
						if (in.readLine() == null) {
							return;
						}
					}
					reply(out, rejectingLogins ? "535 5.7.8 Authentication credentials invalid"
							: "235 2.7.0 Authentication successful");
				}
				else if (upper.startsWith("MAIL FROM:")) {
					int left = dropCountdown.getAndUpdate(v -> v > 0 ? v - 1 : -1);
					if (left == 0) {
						drops.incrementAndGet();
						// dropped without a word, as a crashed relay or a cut network
						// does
						return;
					}
					recipients.clear();
					String scripted = next(mailReplies);
					if (scripted != null) {
						from = null;
						reply(out, scripted);
						if (scripted.startsWith("421")) {
							return;
						}
						continue;
					}
					from = address(line.substring(10));
					reply(out, "250 2.1.0 Ok");
				}
				else if (upper.startsWith("RCPT TO:")) {
					String to = address(line.substring(8));
					if (from == null) {
						reply(out, "503 5.5.1 Need MAIL first");
						continue;
					}
					String scripted = next(rcptReplies.get(to));
					if (scripted == null) {
						recipients.add(to);
					}
					reply(out, scripted != null ? scripted : "250 " + text(250, "recipient " + to));
				}
				else if (upper.equals("DATA")) {
					if (from == null || recipients.isEmpty()) {
						reply(out, "503 5.5.1 Need MAIL and RCPT first");
						continue;
					}
					reply(out, "354 End data with <CR><LF>.<CR><LF>");
					StringBuilder data = new StringBuilder();
					String dataLine;
					while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
						data.append(dataLine.startsWith(".") ? dataLine.substring(1) : dataLine).append("\r\n");
					}
					if (dataLine == null) {
						return;
					}
					if (in.ready()) {
						pipelinedAfterData.incrementAndGet();
					}
					String scripted = next(dataReplies.get(recipients.get(0)));
					if (scripted == null) {
						accepted.add(new Accepted(from, List.copyOf(recipients), data.toString()));
						if (socket instanceof SSLSocket) {
							acceptedOverTls.incrementAndGet();
						}
					}
					reply(out, scripted != null ? scripted : "250 " + text(250, "message"));
					if (scripted != null && scripted.startsWith("421")) {
						return;
					}
					from = null;
					recipients.clear();
				}
				else if (upper.equals("RSET")) {
					from = null;
					recipients.clear();
					reply(out, "250 2.0.0 Ok");
				}
				else if (upper.startsWith("NOOP")) {
					reply(out, "250 2.0.0 Ok");
				}
				else if (upper.equals("QUIT")) {
					reply(out, "221 2.0.0 Bye");
					return;
				}
				else {
					reply(out, "500 5.5.2 Command not recognized");
				}
			}
		}
		catch (SocketException ex) {
			// the client went away, or the test closed the server
		}
		catch (IOException ex) {
			System.err.println("scripted SMTP server: " + ex);
		}
		finally {
			open.remove(plain);
		}
	}

	private static String address(String argument) {
		String value = argument.strip();
		int lt = value.indexOf('<');
		int gt = value.indexOf('>');
		if (lt >= 0 && gt > lt) {
			value = value.substring(lt + 1, gt);
		}
		return value.toLowerCase(Locale.ROOT);
	}

	private static String text(int code, String what) {
		if (code == 250) {
			return "2.0.0 Ok: " + what + " accepted";
		}
		if (code >= 500) {
			return "5.1.1 Scripted permanent failure for " + what;
		}
		return "4.2.2 Scripted temporary failure for " + what + ", try again later";
	}

	private static void reply(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	private static void quietlyClose(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing to do
		}
	}

}
