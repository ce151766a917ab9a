package dev.glowletter.delivery.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.delivery.EnvelopeSenders;
import dev.glowletter.delivery.internal.OutboxLedger.Claimed;
import dev.glowletter.delivery.smtp.Outgoing;
import dev.glowletter.delivery.smtp.SmtpConnection;
import dev.glowletter.rendering.MessageComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox: claims due messages from the {@link OutboxLedger}, composes those
 * queued as e-mails to compose, sends them over one SMTP connection (the campaign
 * workers' kind: pipelined, no Nagle stalls), and records each result there. Runs on
 * {@code glowletter.delivery.outbox-senders} threads, whose claims skip each other's rows
 * as other instances' do. A crash between sending and recording sends that message again
 * once the lease runs out: at most one claim's messages, which is why the claim is small.
 */
@Component
public class OutboxSender implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

	private final OutboxLedger ledger;

	private final JavaMailSenderImpl mailSender;

	private final DeliveryProperties properties;

	private final GlowletterProperties glowletter;

	private final MessageComposer composer;

	private final ObjectProvider<EnvelopeSenders> envelopeSenders;

	private final Semaphore wakeUps = new Semaphore(0);

	private final SenderThreads threads = new SenderThreads();

	OutboxSender(OutboxLedger ledger, JavaMailSenderImpl mailSender, DeliveryProperties properties,
			GlowletterProperties glowletter, MessageComposer composer,
			ObjectProvider<EnvelopeSenders> envelopeSenders) {
		this.ledger = ledger;
		this.mailSender = mailSender;
		this.properties = properties;
		this.glowletter = glowletter;
		this.composer = composer;
		this.envelopeSenders = envelopeSenders;
	}

	/** Something was enqueued: look now rather than at the next poll. */
	public void wakeUp() {
		wakeUps.release();
	}

	/**
	 * Each thread's connection, made once: its mail session (Jakarta's, whose making
	 * looks its providers up through the class loader, a good part of a message's cost
	 * when each claim made one) lives as long as the thread; the connection itself is
	 * opened for each run of {@link #sendDue} and closed at its end.
	 */
	private final ThreadLocal<SmtpConnection> connections = ThreadLocal.withInitial(this::newConnection);

	private SmtpConnection newConnection() {
		return new SmtpConnection(mailSender, glowletter.sender().from(), properties.reconnectAfter(),
				properties.directSmtp());
	}

	/**
	 * How long a connection waits, open, for more mail once the outbox is empty: in a
	 * rush of sign-ups the next confirmation is enqueued within moments, and a connection
	 * made for each (Jakarta's greeting, a thread of its own for the write timeout) cost
	 * more than the mail; a relay drops a connection idle for minutes, not one second.
	 */
	static final long KEEP_OPEN_MILLIS = 1000;

	/**
	 * How long a sender lets mail gather after a claim that was not full, before it
	 * claims again: in a rush of sign-ups each claim took the one or two enqueued since
	 * the last, and its two transactions (claim, record) cost more than sending them; a
	 * moment later there are several.
	 */
	static final long GATHER_MILLIS = 20;

	/**
	 * Sends what is due, claim after claim, until nothing is (nor comes within
	 * {@value #KEEP_OPEN_MILLIS} ms), over one SMTP connection that is closed then (an
	 * idle relay would drop it anyway); returns how many were sent.
	 */
	int sendDue() {
		List<Claimed> claimed = ledger.claim();
		if (claimed.isEmpty()) {
			return 0; // the usual case, every poll: no connection made
		}
		int sent = 0;
		EnvelopeSenders senders = envelopeSenders.getIfAvailable();
		SmtpConnection connection = connections.get();
		try {
			do {
				sent += ledger.record(claimed, connection
					.send(claimed.stream().map(message -> new Stored(message, composer, senders)).toList()));
				if (claimed.size() < properties.batchSize()) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS));
				}
			}
			while (!(claimed = nextClaim()).isEmpty());
		}
		finally {
			connection.close();
		}
		return sent;
	}

	/**
	 * The next claim, waiting for one up to {@value #KEEP_OPEN_MILLIS} ms when the outbox
	 * is empty; empty when none came, or the sender stops.
	 */
	private List<Claimed> nextClaim() {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEEP_OPEN_MILLIS);
		while (threads.running()) {
			List<Claimed> claimed = ledger.claim();
			long left = deadline - System.nanoTime();
			if (!claimed.isEmpty() || left <= 0) {
				return claimed;
			}
			try {
				if (!wakeUps.tryAcquire(left, TimeUnit.NANOSECONDS)) {
					return List.of();
				}
				wakeUps.drainPermits();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return List.of();
			}
		}
		return List.of();
	}

	/**
	 * A claimed message on its way: its finished MIME, or the e-mail composed now (a
	 * template that fails makes it "not made": tried again later, it may be fixed, then
	 * given up), with its own envelope sender when there are {@code senders}.
	 */
	private record Stored(Claimed message, MessageComposer composer, EnvelopeSenders senders) implements Outgoing {

		@Override
		public String recipient() {
			return message.recipient();
		}

		@Override
		public byte[] content() {
			return message.mime() != null ? message.mime().getBytes(StandardCharsets.US_ASCII)
					: composer.composeMime(StoredEmails.read(message.email()), message.messageId());
		}

		@Override
		public String envelopeFrom() {
			return senders == null ? null : senders.ofOutboxMessage(message.id(), message.subscriberId());
		}

	}

	private void run() {
		while (threads.running() && !Thread.currentThread().isInterrupted()) {
			try {
				sendDue();
			}
			catch (RuntimeException ex) {
				log.error("The outbox sender failed; trying again at the next poll", ex);
			}
			try {
				wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				wakeUps.drainPermits();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void start() {
		threads.start(this::run,
				IntStream.rangeClosed(1, properties.outboxSenders()).mapToObj(n -> "outbox-sender-" + n).toList());
	}

	@Override
	public void stop() {
		threads.stop(() -> wakeUps.release(properties.outboxSenders()));
	}

	@Override
	public boolean isRunning() {
		return threads.running();
	}

}
