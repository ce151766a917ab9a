package dev.glowletter.delivery.internal;

import java.util.ArrayList;
import java.util.List;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.delivery.DeliveryPaused;
import dev.glowletter.delivery.DeliveryResumed;
import dev.glowletter.delivery.smtp.SmtpConnection;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watches the SMTP relay for the campaigns: a campaign whose claims could not reach it so
 * many times in a row pauses itself, and the campaigns paused so resume by themselves
 * once a connection to it succeeds again.
 */
@Component
public class RelayWatch {

	private static final Logger log = LoggerFactory.getLogger(RelayWatch.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final JavaMailSenderImpl mailSettings;

	private final ApplicationEventPublisher events;

	private final WorkerWakeUps wakeUps;

	private final DeliveryProperties properties;

	private final GlowletterProperties glowletter;

	RelayWatch(JdbcClient jdbc, TransactionTemplate transactions, JavaMailSenderImpl mailSettings,
			ApplicationEventPublisher events, WorkerWakeUps wakeUps, DeliveryProperties properties,
			GlowletterProperties glowletter) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.mailSettings = mailSettings;
		this.events = events;
		this.wakeUps = wakeUps;
		this.properties = properties;
		this.glowletter = glowletter;
	}

	/**
	 * Pauses the campaign once its claims could not reach the relay
	 * {@code pause-after-connection-failures} times in a row; runs in the transaction
	 * that counted the last of them.
	 */
	void pauseIfUnreachable(long campaignId, String lastFailure) {
		String last = lastFailure.length() > 250 ? lastFailure.substring(0, 250) + "…" : lastFailure;
		String reason = "The SMTP server could not be reached " + properties.pauseAfterConnectionFailures()
				+ " times in a row (last: " + last
				+ "); sending resumes by itself once it answers again (or resume it by hand).";
		int paused = jdbc.sql("""
				UPDATE delivery_campaign SET state = 'PAUSED', state_reason = :reason, paused_by = 'RELAY'
				WHERE campaign_id = :id AND state = 'ACTIVE' AND connection_failures >= :limit""")
			.param("reason", reason)
			.param("id", campaignId)
			.param("limit", properties.pauseAfterConnectionFailures())
			.update();
		if (paused == 1) {
			log.warn("Campaign {} paused itself: {}", campaignId, reason);
			events.publishEvent(new DeliveryPaused(campaignId, reason));
		}
	}

	/**
	 * Campaigns the engine paused because the relay was unreachable resume by themselves
	 * once a connection to it succeeds again; returns the campaigns resumed.
	 */
	@Scheduled(fixedDelayString = "${glowletter.delivery.relay-probe-interval:30s}",
			initialDelayString = "${glowletter.delivery.relay-probe-interval:30s}")
	public List<Long> resumeWhenRelayIsBack() {
		List<Long> waiting = jdbc
			.sql("SELECT campaign_id FROM delivery_campaign WHERE state = 'PAUSED' AND paused_by = 'RELAY'")
			.query(Long.class)
			.list();
		if (waiting.isEmpty()) {
			return List.of();
		}
		try (SmtpConnection probe = new SmtpConnection(mailSettings, glowletter.sender().from(), 1)) {
			probe.connect();
		}
		catch (MessagingException ex) {
			log.info("The SMTP relay is still unreachable ({}); {} campaign(s) stay paused",
					SmtpConnection.describe(ex, 200), waiting.size());
			return List.of();
		}
		List<Long> resumed = new ArrayList<>();
		for (long campaignId : waiting) {
			Boolean done = transactions.execute(status -> {
				int updated = jdbc.sql("""
						UPDATE delivery_campaign SET state = 'ACTIVE', state_reason = NULL, paused_by = NULL,
						connection_failures = 0
						WHERE campaign_id = ? AND state = 'PAUSED' AND paused_by = 'RELAY'""")
					.param(campaignId)
					.update();
				if (updated == 1) {
					events.publishEvent(new DeliveryResumed(campaignId));
				}
				return updated == 1;
			});
			if (Boolean.TRUE.equals(done)) {
				log.info("The SMTP relay answers again: campaign {} resumes", campaignId);
				resumed.add(campaignId);
			}
		}
		wakeUps.wakeUp();
		return resumed;
	}

}
