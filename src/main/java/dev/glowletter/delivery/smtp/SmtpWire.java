package dev.glowletter.delivery.smtp;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * SMTP's message transactions (MAIL, RCPT, DATA and the content) spoken directly on a
 * connection that Jakarta Mail opened: the greeting, EHLO, STARTTLS and AUTH stay
 * Jakarta's part, with all of {@code spring.mail.*}. Each message's content goes out in
 * one write, dot-stuffed in one pass, instead of byte by byte through Jakarta's output
 * streams (its costliest part per message).
 *
 * <p>
 * When the server offers PIPELINING (RFC 2920), a message costs one round trip: its
 * content, the end of its data and the next message's MAIL, RCPT and DATA leave in one
 * write, and their replies come back together. Otherwise each command waits for its
 * reply.
 */
final class SmtpWire {

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] END_OF_DATA = { '.', '\r', '\n' };

	private static final int MAX_REPLY_LINE = 2048;

	/**
	 * One thread for all connections: it closes a socket whose write is stuck past the
	 * timeout.
	 */
	private static final ScheduledExecutorService WRITE_WATCH = writeWatch();

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final boolean pipelining;

	private final byte[] mailFrom;

	private final Duration writeTimeout;

	private byte[] buffer = new byte[32 * 1024];

	private int size;

	/**
	 * A message ready to go: its place in the list, its envelope (a null sender is the
	 * connection's) and its content.
	 */
	private record Ready(int index, String sender, String recipient, byte[] content) {
	}

	SmtpWire(Socket socket, String envelopeFrom, boolean pipelining, Duration writeTimeout) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream(), 8192);
		this.out = socket.getOutputStream();
		this.pipelining = pipelining;
		this.mailFrom = ("MAIL FROM:<" + envelopeFrom + ">\r\n").getBytes(StandardCharsets.US_ASCII);
		this.writeTimeout = writeTimeout;
	}

	boolean pipelining() {
		return pipelining;
	}

	/**
	 * Offers messages {@code from} up to {@code end} (exclusive) and puts each one's
	 * reply into {@code replies}. Returns where it stopped: {@code end}, or just after a
	 * message answered 421 (the server is closing; those after it are left unanswered for
	 * a new connection).
	 * @throws IOException when the connection failed; the replies of the messages it was
	 * offering stay null
	 */
	int transmit(List<? extends Outgoing> messages, int from, int end, SmtpReply[] replies) throws IOException {
		Ready next = prepare(messages, from, end, replies);
		if (next != null && pipelining) {
			envelope(next);
			flush();
		}
		while (next != null) {
			SmtpReply refused = pipelining ? envelopeReplies() : envelopeStepByStep(next);
			if (refused != null) {
				replies[next.index()] = refused;
				if (refused.closing()) {
					return next.index() + 1;
				}
				append("RSET\r\n".getBytes(StandardCharsets.US_ASCII));
				flush();
				SmtpReply reset = read(SmtpReply.Step.MESSAGE);
				if (!reset.accepted()) {
					throw new IOException("the server refused RSET: " + reset.text());
				}
				next = prepare(messages, next.index() + 1, end, replies);
				if (next != null && pipelining) {
					envelope(next);
					flush();
				}
				continue;
			}
			Ready following = prepare(messages, next.index() + 1, end, replies);
			data(next.content());
			if (following != null && pipelining) {
				envelope(following);
			}
			flush();
			SmtpReply reply = read(SmtpReply.Step.MESSAGE);
			replies[next.index()] = reply;
			if (reply.closing()) {
				return following == null ? end : following.index();
			}
			next = following;
		}
		return end;
	}

	/**
	 * The next message from {@code from} that can be made and addressed; those that
	 * cannot get a reply of our own.
	 */
	private static Ready prepare(List<? extends Outgoing> messages, int from, int end, SmtpReply[] replies) {
		for (int i = from; i < end; i++) {
			Outgoing message = messages.get(i);
			String recipient = message.recipient();
			if (!isWritableAddress(recipient)) {
				replies[i] = SmtpReply.unwritableAddress("the address cannot be written in an SMTP envelope");
				continue;
			}
			String sender = message.envelopeFrom();
			if (sender != null && !isWritableAddress(sender)) {
				replies[i] = SmtpReply.notMade("the envelope sender cannot be written in an SMTP envelope");
				continue;
			}
			try {
				return new Ready(i, sender, recipient, message.content());
			}
			catch (RuntimeException ex) {
				replies[i] = SmtpReply.notMade("could not make the message: " + ex);
			}
		}
		return null;
	}

	/**
	 * Printable ASCII without spaces or angle brackets: nothing that could end or add a
	 * command.
	 */
	static boolean isWritableAddress(String address) {
		if (address == null || address.isEmpty() || address.length() > 254) {
			return false;
		}
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			if (c <= ' ' || c >= 127 || c == '<' || c == '>') {
				return false;
			}
		}
		return true;
	}

	private void envelope(Ready message) {
		mailFrom(message);
		append(("RCPT TO:<" + message.recipient() + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
	}

	private void mailFrom(Ready message) {
		append(message.sender() == null ? mailFrom
				: ("MAIL FROM:<" + message.sender() + ">\r\n").getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * The replies to a pipelined MAIL, RCPT and DATA: null when DATA may go on, else the
	 * first refusal.
	 */
	private SmtpReply envelopeReplies() throws IOException {
		SmtpReply mail = read(SmtpReply.Step.MAIL);
		if (mail.closing()) {
			return mail;
		}
		SmtpReply rcpt = read(SmtpReply.Step.RCPT);
		if (rcpt.closing()) {
			return rcpt;
		}
		SmtpReply data = read(SmtpReply.Step.DATA);
		if (data.code() == 354) {
			if (mail.accepted() && rcpt.accepted()) {
				return null;
			}
			// DATA was accepted though the envelope was not: end it with no content (RFC
			// 2920 §3.1)
			append(END_OF_DATA);
			flush();
			read(SmtpReply.Step.MESSAGE);
		}
		return !mail.accepted() ? mail : !rcpt.accepted() ? rcpt : data;
	}

	/** MAIL, RCPT and DATA one at a time, for a server without PIPELINING. */
	private SmtpReply envelopeStepByStep(Ready message) throws IOException {
		mailFrom(message);
		flush();
		SmtpReply mail = read(SmtpReply.Step.MAIL);
		if (!mail.accepted()) {
			return mail;
		}
		append(("RCPT TO:<" + message.recipient() + ">\r\n").getBytes(StandardCharsets.US_ASCII));
		flush();
		SmtpReply rcpt = read(SmtpReply.Step.RCPT);
		if (!rcpt.accepted()) {
			return rcpt;
		}
		append("DATA\r\n".getBytes(StandardCharsets.US_ASCII));
		flush();
		SmtpReply data = read(SmtpReply.Step.DATA);
		return data.code() == 354 ? null : data;
	}

	/**
	 * The content, dot-stuffed (RFC 5321 §4.5.2), ending with a line break and the
	 * end-of-data line.
	 */
	private void data(byte[] content) {
		ensure(content.length + content.length / 64 + 8);
		int start = 0;
		boolean lineStart = true;
		for (int i = 0; i < content.length; i++) {
			if (lineStart && content[i] == '.') {
				System.arraycopy(content, start, buffer, size, i - start);
				size += i - start;
				ensure(content.length - i + 8);
				buffer[size++] = '.';
				start = i;
			}
			lineStart = content[i] == '\n';
		}
		System.arraycopy(content, start, buffer, size, content.length - start);
		size += content.length - start;
		if (content.length < 2 || content[content.length - 2] != '\r' || content[content.length - 1] != '\n') {
			append(CRLF);
		}
		append(END_OF_DATA);
	}

	private void append(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, buffer, size, bytes.length);
		size += bytes.length;
	}

	private void ensure(int more) {
		if (size + more > buffer.length) {
			buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
		}
	}

	private void flush() throws IOException {
		ScheduledFuture<?> watch = writeTimeout.isZero() ? null
				: WRITE_WATCH.schedule(this::abort, writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
		try {
			out.write(buffer, 0, size);
			out.flush();
		}
		finally {
			size = 0;
			if (watch != null) {
				watch.cancel(false);
			}
		}
	}

	private void abort() {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// the blocked write fails with the close, which is the point
		}
	}

	/** One reply, all its lines: "250-..." continues, "250 ..." ends it. */
	private SmtpReply read(SmtpReply.Step step) throws IOException {
		StringBuilder text = new StringBuilder(64);
		while (true) {
			String line = readLine();
			if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
					|| !Character.isDigit(line.charAt(2))
					|| (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
				throw new IOException("not an SMTP reply: " + line);
			}
			if (!text.isEmpty()) {
				text.append(' ');
			}
			text.append(line);
			if (line.length() == 3 || line.charAt(3) == ' ') {
				return new SmtpReply(Integer.parseInt(line, 0, 3, 10), text.toString(), step);
			}
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder(64);
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("the SMTP server closed the connection");
			}
			if (b != '\r' && line.length() < MAX_REPLY_LINE) {
				line.append((char) (b < 32 || b > 126 ? '?' : b));
			}
		}
		return line.toString();
	}

	private static ScheduledExecutorService writeWatch() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
			Thread thread = new Thread(runnable, "smtp-write-watch");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return Executors.unconfigurableScheduledExecutorService(executor);
	}

}
