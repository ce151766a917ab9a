package dev.glowletter.delivery.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

import dev.glowletter.delivery.smtp.SmtpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The SMTP relay in {@code /actuator/health} (as "relay"): a real connection, greeting
 * and login, made at most once per {@code glowletter.delivery.relay-health-cache}, so
 * that a load balancer's polls do not each open one. One check runs at a time; health
 * calls meanwhile get the last result at once. Not part of the readiness group: with the
 * relay down an instance still serves readers, and campaigns pause and resume by
 * themselves.
 */
@Component
class RelayHealthIndicator implements HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(RelayHealthIndicator.class);

	private final JavaMailSenderImpl mailSettings;

	private final DeliveryProperties properties;

	private final Clock clock;

	private final ReentrantLock checking = new ReentrantLock();

	private volatile Checked last;

	private record Checked(Instant at, Health health) {
	}

	RelayHealthIndicator(JavaMailSenderImpl mailSettings, DeliveryProperties properties, Clock clock) {
		this.mailSettings = mailSettings;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Checked cached = last;
		if (fresh(cached)) {
			return cached.health();
		}
		if (!checking.tryLock()) {
			return cached != null ? cached.health()
					: Health.unknown()
						.withDetail("relay", relay())
						.withDetail("checking", "the first check is under way")
						.build();
		}
		try {
			cached = last;
			if (fresh(cached)) {
				return cached.health();
			}
			Checked checked = check();
			logChange(cached == null ? Status.UP : cached.health().getStatus(), checked.health());
			last = checked;
			return checked.health();
		}
		finally {
			checking.unlock();
		}
	}

	private boolean fresh(Checked checked) {
		if (checked == null) {
			return false;
		}
		Instant now = clock.instant();
		// a clock set back does not stretch the cache
		return !now.isBefore(checked.at()) && now.isBefore(checked.at().plus(properties.relayHealthCache()));
	}

	private Checked check() {
		Instant at = clock.instant();
		Health.Builder health = Health.status(Status.UP)
			.withDetail("relay", relay())
			.withDetail("checkedAt", at.toString());
		try {
			SmtpConnection.check(mailSettings, properties.relayHealthTimeout());
		}
		catch (Exception ex) {
			// the relay's reply or the network's error: the password is sent, never part
			// of either
			health.down().withDetail("error", SmtpConnection.describe(ex, 300));
		}
		return new Checked(at, health.build());
	}

	private void logChange(Status before, Health now) {
		if (now.getStatus().equals(before)) {
			return;
		}
		if (Status.DOWN.equals(now.getStatus())) {
			log.warn("The SMTP relay {} does not answer the health check: {}", relay(), now.getDetails().get("error"));
		}
		else {
			log.info("The SMTP relay {} answers the health check again", relay());
		}
	}

	private String relay() {
		return mailSettings.getHost() + (mailSettings.getPort() > 0 ? ":" + mailSettings.getPort() : "");
	}

}
