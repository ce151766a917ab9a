package dev.glowletter.feedback.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.glowletter.feedback.LocalBounceMailbox;
import dev.glowletter.feedback.internal.FeedbackIntake.Outcome;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the bounce mailbox (IMAP or POP3, with Jakarta Mail's providers) every poll
 * interval: each mail is read, handed to the {@link FeedbackIntake} (which processes it
 * once, by its Message-ID), then moved to the processed folder or deleted. A crash
 * between the two leaves the mail in place; the next poll finds it processed and only
 * moves it.
 */
@Component
class MailboxPoller implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

	/** The most of one mail that is read: a report is small; a 10 MB one is cut. */
	private static final int MAX_MAIL_BYTES = 2 * 1024 * 1024;

	/** The most mails fetched in one command. */
	private static final int CHUNK_MAILS = 100;

	/** The most bytes of mail fetched in one command (and held at once). */
	private static final long CHUNK_BYTES = 8L * 1024 * 1024;

	private final FeedbackIntake intake;

	private final Settings settings;

	private volatile ScheduledExecutorService scheduler;

	/** The mailbox to read, from the settings or the embedded capture server. */
	record Settings(String protocol, String host, int port, String user, String password, String folder,
			Duration pollInterval, boolean move, String processedFolder, int maxPerPoll) {
	}

	private final boolean verp;

	MailboxPoller(FeedbackIntake intake, FeedbackProperties properties, BounceAddress bounceAddress) {
		this.intake = intake;
		this.verp = bounceAddress.verp().isPresent();
		FeedbackProperties.Mailbox mailbox = properties.mailbox();
		LocalBounceMailbox embedded = bounceAddress.embedded().orElse(null);
		if (mailbox.configured()) {
			this.settings = new Settings(mailbox.protocol(), mailbox.host(), mailbox.port(), mailbox.user(),
					mailbox.password(), mailbox.folder(), mailbox.pollInterval(),
					"move".equals(mailbox.processed()) && mailbox.protocol().startsWith("imap"),
					mailbox.processedFolder(), mailbox.maxPerPoll());
		}
		else if (embedded != null) {
			this.settings = new Settings(embedded.protocol(), embedded.host(), embedded.port(), embedded.user(),
					embedded.password(), "INBOX", embedded.pollInterval(), true, mailbox.processedFolder(),
					mailbox.maxPerPoll());
		}
		else {
			this.settings = null;
		}
	}

	/** How many mails one poll read, by outcome. */
	record Poll(Map<Outcome, Integer> outcomes, int left) {

		int read() {
			return outcomes.values().stream().mapToInt(Integer::intValue).sum();
		}

	}

	/**
	 * Reads the mailbox once: at most {@code max-per-poll} mails.
	 * @throws MessagingException when the mailbox cannot be reached or opened
	 */
	Poll poll() throws MessagingException {
		if (settings == null) {
			return new Poll(Map.of(), 0);
		}
		Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
		Store store = session().getStore(settings.protocol());
		store.connect(settings.host(), settings.port() == 0 ? -1 : settings.port(), settings.user(),
				settings.password());
		try {
			Folder inbox = store.getFolder(settings.folder());
			inbox.open(Folder.READ_WRITE);
			Folder processed = null;
			if (settings.move()) {
				processed = store.getFolder(settings.processedFolder());
				if (!processed.exists() && !processed.create(Folder.HOLDS_MESSAGES)) {
					throw new MessagingException("Could not make the folder " + settings.processedFolder());
				}
			}
			int count = inbox.getMessageCount();
			Message[] messages = count == 0 ? new Message[0]
					: inbox.getMessages(1, Math.min(count, settings.maxPerPoll()));
			// one command for all flags and sizes, and one per chunk for the mails
			// themselves: a round trip per mail would make a big mailbox slow
			FetchProfile sizes = new FetchProfile();
			sizes.add(FetchProfile.Item.FLAGS);
			sizes.add(FetchProfile.Item.SIZE);
			inbox.fetch(messages, sizes);
			for (List<Message> chunk : chunks(messages)) {
				prefetch(inbox, chunk);
				List<Message> read = new ArrayList<>(chunk.size());
				List<FeedbackIntake.Keyed> reports = new ArrayList<>(chunk.size());
				for (Message message : chunk) {
					try {
						MimeMessage copy = readWhole(message);
						Report report = ReportReader.read(copy);
						reports.add(new FeedbackIntake.Keyed(report, keyOf(report, copy)));
						read.add(message);
					}
					catch (RuntimeException | MessagingException | IOException ex) {
						// left in place, tried again at the next poll
						log.warn("Could not read mail {} of the bounce mailbox: {}", message.getMessageNumber(),
								ex.toString());
					}
				}
				List<Message> done = process(read, reports, outcomes);
				settle(inbox, processed, done);
			}
			inbox.close(true);
			return new Poll(outcomes, Math.max(0, count - messages.length));
		}
		finally {
			store.close();
		}
	}

	/**
	 * The chunk's reports in one transaction; if that fails, each in its own, so that one
	 * that cannot be processed holds up no other. Returns the mails processed.
	 */
	private List<Message> process(List<Message> read, List<FeedbackIntake.Keyed> reports,
			Map<Outcome, Integer> outcomes) {
		try {
			intake.mailboxReports(reports).forEach(outcome -> outcomes.merge(outcome, 1, Integer::sum));
			return read;
		}
		catch (RuntimeException together) {
			List<Message> done = new ArrayList<>(read.size());
			for (int i = 0; i < read.size(); i++) {
				try {
					outcomes.merge(intake.mailboxReport(reports.get(i).report(), reports.get(i).key()), 1,
							Integer::sum);
					done.add(read.get(i));
				}
				catch (RuntimeException ex) {
					// left in place, tried again at the next poll
					log.warn("Could not process mail {} of the bounce mailbox: {}", read.get(i).getMessageNumber(),
							ex.toString());
				}
			}
			return done;
		}
	}

	/**
	 * Moves (or deletes) a chunk's processed mails at once: over IMAP, expunged, so that
	 * their contents leave memory before the next chunk is fetched; over POP3, deleted
	 * when the folder closes.
	 */
	private static void settle(Folder inbox, Folder processed, List<Message> done) throws MessagingException {
		if (done.isEmpty()) {
			return;
		}
		Message[] messages = done.toArray(Message[]::new);
		if (processed != null) {
			inbox.copyMessages(messages, processed);
		}
		inbox.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
		if (inbox instanceof IMAPFolder) {
			inbox.expunge();
		}
	}

	/**
	 * The mails not yet deleted, in chunks of at most {@link #CHUNK_MAILS} mails and
	 * {@link #CHUNK_BYTES} bytes (a mail over {@link #MAX_MAIL_BYTES} counts as that).
	 */
	private static List<List<Message>> chunks(Message[] messages) throws MessagingException {
		List<List<Message>> chunks = new ArrayList<>();
		List<Message> chunk = new ArrayList<>();
		long bytes = 0;
		for (Message message : messages) {
			if (message.isSet(Flags.Flag.DELETED)) {
				continue;
			}
			long size = Math.min(Math.max(0, message.getSize()), MAX_MAIL_BYTES);
			if (!chunk.isEmpty() && (chunk.size() == CHUNK_MAILS || bytes + size > CHUNK_BYTES)) {
				chunks.add(chunk);
				chunk = new ArrayList<>();
				bytes = 0;
			}
			chunk.add(message);
			bytes += size;
		}
		if (!chunk.isEmpty()) {
			chunks.add(chunk);
		}
		return chunks;
	}

	/**
	 * Over IMAP, the chunk's mails that are not too large come in one FETCH; the others
	 * (and every mail over POP3) are read one by one, up to {@link #MAX_MAIL_BYTES}.
	 */
	private static void prefetch(Folder inbox, List<Message> chunk) throws MessagingException {
		if (!(inbox instanceof IMAPFolder)) {
			return;
		}
		Message[] small = chunk.stream().filter(m -> {
			try {
				return m.getSize() <= MAX_MAIL_BYTES;
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toArray(Message[]::new);
		FetchProfile whole = new FetchProfile();
		whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
		inbox.fetch(small, whole);
	}

	private Session session() {
		Properties properties = new Properties();
		String prefix = "mail." + settings.protocol();
		properties.put(prefix + ".connectiontimeout", "20000");
		properties.put(prefix + ".timeout", "60000");
		properties.put(prefix + ".writetimeout", "60000");
		return Session.getInstance(properties);
	}

	/**
	 * The mail, read once from the server (at most {@link #MAX_MAIL_BYTES}): parts are
	 * then read from memory, not fetched one by one.
	 */
	private static MimeMessage readWhole(Message message) throws MessagingException, IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			message.writeTo(new LimitedStream(bytes, MAX_MAIL_BYTES));
		}
		catch (LimitedStream.Full full) {
			// the rest is cut: the report's parts come first
		}
		return new MimeMessage(null, new ByteArrayInputStream(bytes.toByteArray()));
	}

	/**
	 * A report is processed once by its Message-ID; one without (rare, and never from a
	 * real server) by its headers.
	 */
	private static String keyOf(Report report, MimeMessage message) throws MessagingException {
		if (report.messageId() != null && !report.messageId().isBlank()) {
			return "id:" + report.messageId();
		}
		return "headers:" + String.join("|", Arrays.asList(String.valueOf(message.getHeader("Date", ",")),
				String.valueOf(message.getHeader("From", ",")), String.valueOf(message.getHeader("Subject", ",")),
				String.valueOf(message.getHeader("Received", ","))));
	}

	private void pollAndLog() {
		try {
			Poll poll;
			do {
				poll = poll();
				if (poll.read() > 0) {
					log.info("Bounce mailbox: read {} mail(s): {}{}", poll.read(), poll.outcomes(),
							poll.left() > 0 ? "; " + poll.left() + " left for the next round" : "");
				}
			}
			while (poll.left() > 0 && poll.read() > 0 && isRunning());
		}
		catch (MessagingException | RuntimeException ex) {
			log.warn("Could not read the bounce mailbox {}://{}@{}:{}: {}", settings.protocol(), settings.user(),
					settings.host(), settings.port(), ex.toString());
		}
	}

	@Override
	public void start() {
		if (settings == null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "bounce-mailbox");
			thread.setDaemon(true);
			return thread;
		});
		long interval = Math.max(1, settings.pollInterval().toMillis());
		executor.scheduleWithFixedDelay(this::pollAndLog, interval, interval, TimeUnit.MILLISECONDS);
		scheduler = executor;
		if (!verp) {
			log.warn("The bounce mailbox is set but glowletter.bounce.address is not: messages go out without "
					+ "VERP envelope senders, so no report read there can name its reader, and none will change "
					+ "anything. Set GLOWLETTER_BOUNCE_ADDRESS to the address that delivers to this mailbox");
		}
		log.info("Bounce mailbox: reading {}://{}@{}:{}/{} every {}", settings.protocol(), settings.user(),
				settings.host(), settings.port(), settings.folder(), settings.pollInterval());
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = scheduler;
		scheduler = null;
		if (executor != null) {
			executor.shutdown();
			try {
				if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
					executor.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}

	/** Writes up to a limit, then says it is full. */
	private static final class LimitedStream extends OutputStream {

		private final ByteArrayOutputStream out;

		private int room;

		static final class Full extends IOException {

			Full() {
				super("full", null);
			}

		}

		LimitedStream(ByteArrayOutputStream out, int limit) {
			this.out = out;
			this.room = limit;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			int n = Math.min(len, room);
			out.write(b, off, n);
			room -= n;
			if (n < len) {
				throw new Full();
			}
		}

	}

}
