package dev.glowletter.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.delivery.smtp.Outgoing;
import dev.glowletter.delivery.smtp.SmtpConnection;
import dev.glowletter.delivery.smtp.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox: claims due messages (row locks skipped by other instances, and a lease so a
 * crashed instance's claim runs out), sends them as they were stored over one SMTP connection
 * (the campaign workers' kind: pipelined, no Nagle stalls), and records each result. A temporary failure is retried with a growing wait; a permanent one (5xx) is final.
 * A crash between sending and recording sends that message again once the lease runs out: at
 * most one claim's messages, which is why the claim is small.
 */
@Component
class OutboxSender implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final JavaMailSenderImpl mailSender;

	private final DeliveryProperties properties;

	private final GlowletterProperties glowletter;

	private final Clock clock;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile Thread thread;

	OutboxSender(JdbcClient jdbc, TransactionTemplate transactions, JavaMailSenderImpl mailSender,
			DeliveryProperties properties, GlowletterProperties glowletter, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.mailSender = mailSender;
		this.properties = properties;
		this.glowletter = glowletter;
		this.clock = clock;
	}

	/** Something was enqueued: look now rather than at the next poll. */
	void wakeUp() {
		wakeUps.release();
	}

	private record Claimed(long id, String recipient, String mime, int attempts) {
	}

	/**
	 * Sends what is due, claim after claim, until nothing is, over one SMTP connection that is
	 * closed once the outbox is empty (an idle relay would drop it anyway); returns how many were sent.
	 */
	synchronized int sendDue() {
		List<Claimed> claimed = claim();
		if (claimed.isEmpty()) {
			return 0; // the usual case, every poll: no connection made
		}
		int sent = 0;
		try (SmtpConnection connection = new SmtpConnection(mailSender, glowletter.sender().from(), properties.reconnectAfter(),
				properties.directSmtp())) {
			do {
				sent += send(claimed, connection);
			}
			while (!(claimed = claim()).isEmpty());
		}
		return sent;
	}

	private List<Claimed> claim() {
		Instant now = clock.instant();
		return transactions.execute(status -> {
			List<Long> ids = jdbc.sql("""
					SELECT id FROM outbox_message
					WHERE status = 'QUEUED' AND next_attempt_at <= :now AND (locked_until IS NULL OR locked_until < :now)
					ORDER BY priority, id
					FETCH FIRST :limit ROWS ONLY
					FOR UPDATE SKIP LOCKED
					""")
				.param("now", now.atOffset(ZoneOffset.UTC))
				.param("limit", properties.batchSize())
				.query(Long.class)
				.list();
			if (ids.isEmpty()) {
				return List.of();
			}
			jdbc.sql("UPDATE outbox_message SET locked_until = :until WHERE id IN (:ids)")
				.param("until", now.plus(properties.lease()).atOffset(ZoneOffset.UTC))
				.param("ids", ids)
				.update();
			return jdbc.sql("SELECT id, recipient, mime, attempts FROM outbox_message WHERE id IN (:ids) ORDER BY priority, id")
				.param("ids", ids)
				.query(Claimed.class)
				.list();
		});
	}

	/** A stored message on its way: its recipient and its finished MIME. */
	private record Stored(Claimed message) implements Outgoing {

		@Override
		public String recipient() {
			return message.recipient();
		}

		@Override
		public byte[] content() {
			return message.mime().getBytes(StandardCharsets.US_ASCII);
		}
	}

	private int send(List<Claimed> claimed, SmtpConnection connection) {
		SmtpReply[] replies = connection.send(claimed.stream().map(Stored::new).toList());
		int sent = 0;
		for (int i = 0; i < claimed.size(); i++) {
			if (replies[i].accepted()) {
				markSent(claimed.get(i));
				sent++;
			}
			else {
				markFailed(claimed.get(i), replies[i]);
			}
		}
		return sent;
	}

	private void markSent(Claimed message) {
		// the body (links, attachments) has done its work; the record is what reports and limits need
		jdbc.sql("UPDATE outbox_message SET status = 'SENT', sent_at = :now, attempts = attempts + 1, locked_until = NULL, last_error = NULL, mime = NULL WHERE id = :id")
			.param("now", clock.instant().atOffset(ZoneOffset.UTC))
			.param("id", message.id())
			.update();
	}

	private void markFailed(Claimed message, SmtpReply reply) {
		int attempts = message.attempts() + 1;
		// a 5xx, or an address no envelope can carry; no reply at all (relay down) is worth another try
		boolean permanent = reply.code() >= 500 || (reply.code() == SmtpReply.NOT_MADE && reply.step() == SmtpReply.Step.RCPT);
		String error = reply.text() == null || reply.text().length() <= 1000 ? reply.text() : reply.text().substring(0, 1000);
		if (permanent || attempts >= properties.maxAttempts()) {
			log.warn("Giving up on outbox message {} to {} after {} attempt(s): {}", message.id(), message.recipient(), attempts, error);
			jdbc.sql("UPDATE outbox_message SET status = 'FAILED', attempts = :attempts, locked_until = NULL, last_error = :error, mime = NULL WHERE id = :id")
				.param("attempts", attempts).param("error", error).param("id", message.id())
				.update();
			return;
		}
		Duration wait = properties.backoff(attempts);
		log.info("Outbox message {} to {} failed for now ({}); retrying in {}", message.id(), message.recipient(), error, wait);
		jdbc.sql("UPDATE outbox_message SET attempts = :attempts, next_attempt_at = :next, locked_until = NULL, last_error = :error WHERE id = :id")
			.param("attempts", attempts)
			.param("next", clock.instant().plus(wait).atOffset(ZoneOffset.UTC))
			.param("error", error)
			.param("id", message.id())
			.update();
	}

	private void run() {
		while (!Thread.currentThread().isInterrupted()) {
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
		Thread started = new Thread(this::run, "outbox-sender");
		started.setDaemon(true);
		thread = started;
		started.start();
	}

	@Override
	public void stop() {
		Thread running = thread;
		thread = null;
		if (running != null) {
			running.interrupt();
			try {
				running.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return thread != null;
	}
}
