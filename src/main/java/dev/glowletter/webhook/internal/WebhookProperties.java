package dev.glowletter.webhook.internal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The webhooks' settings.
 *
 * @param pollInterval how often the sender looks for due deliveries, the first time this
 * long after the start
 * @param timeout how long one call may take, connecting and the whole answer included
 * @param threads how many calls this instance makes at once, over all endpoints
 * @param perEndpoint how many calls to one endpoint this instance makes at once (below
 * {@code threads}, so a slow endpoint never takes every thread)
 * @param giveUpAfter how long a delivery is retried after its first attempt; an endpoint
 * with no 2xx answer for this long is disabled
 * @param retention how long delivered and failed deliveries are kept for the admin page
 * @param allowPrivateAddresses whether endpoints may be on loopback and private-network
 * addresses (off: the guard against server-side request forgery; on for tests and
 * endpoints inside one's own network)
 */
@Validated
@ConfigurationProperties("glowletter.webhooks")
public record WebhookProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("10s") Duration timeout,
		@DefaultValue("8") @Min(2) @Max(64) int threads, @DefaultValue("2") @Min(1) @Max(16) int perEndpoint,
		@DefaultValue("24h") Duration giveUpAfter, @DefaultValue("30d") Duration retention,
		@DefaultValue("false") boolean allowPrivateAddresses) {

	/** The waits between attempts: 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, then 12 h. */
	private static final Duration[] BACKOFF = { Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10),
			Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12) };

	/** The wait after the given number of failed attempts (1 or more). */
	public Duration backoff(int attempts) {
		return BACKOFF[Math.min(attempts, BACKOFF.length) - 1];
	}

}
