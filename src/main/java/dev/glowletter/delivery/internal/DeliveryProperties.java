package dev.glowletter.delivery.internal;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How mail is sent.
 *
 * @param pollInterval how often an idle sender looks for due mail when nobody woke it
 * @param batchSize how many transactional messages one outbox claim takes
 * @param lease how long a claim holds its rows before another sender may take them (a
 * crashed instance's claims run out after this)
 * @param maxAttempts after this many temporary failures a message is given up as failed
 * @param firstRetry the wait after the first temporary failure; it doubles each time
 * @param maxRetry the longest wait between two attempts
 * @param outboxSenders transactional mail sending threads, each with its own SMTP
 * connection while there is mail to send: two keep up with a burst of sign-ups while the
 * other waits for the database
 * @param workers campaign sending threads, each with its own long-lived SMTP connection
 * @param campaignBatch readers one worker claims at a time; also the most a crashed
 * instance can send twice per worker (sent, but not yet recorded)
 * @param ratePerSecond campaign messages per second over all workers of this instance; 0
 * = no limit
 * @param domainRates campaign messages per second to a recipient domain (e.g.
 * {@code gmail.com}), per instance; copies beyond it wait in the queue for their turn
 * @param reconnectAfter a worker opens a fresh SMTP connection after this many messages
 * @param directSmtp campaign copies go out through the engine's own SMTP transactions
 * (pipelined when the relay offers it) on the connection Jakarta Mail opened; false lets
 * Jakarta Mail send each copy itself: slower, for a relay that disagrees with ours
 * @param pauseAfterConnectionFailures a campaign pauses itself after this many claims in
 * a row could not reach the SMTP server
 * @param relayHealthCache how long the health endpoint reuses the result of its last
 * check of the SMTP relay before it connects again
 * @param relayHealthTimeout how long that check waits for the connection and for each
 * reply
 * @param outboxRetention how long the record of a sent or failed transactional mail
 * (kind, recipient, status, times, error; never its body) is kept for reports and the
 * per-address hourly limits; at least an hour, which those limits look back
 * @param trackClicks whether campaign copies link to their articles through the click
 * tracker ({@code /r/<token>}); false: straight to the articles, nothing recorded (a
 * reader can also say so on their preference page)
 * @param countOpens whether a tracked copy's HTML ends with a 1×1 image that counts its
 * opens ({@code /o/<token>}); off by default: image proxies and Apple Mail Privacy
 * Protection load it for every message, so opens overstate
 */
@Validated
@ConfigurationProperties("glowletter.delivery")
public record DeliveryProperties(@DefaultValue("1s") Duration pollInterval,
		@DefaultValue("50") @Min(1) @Max(1000) int batchSize, @DefaultValue("2") @Min(1) @Max(16) int outboxSenders,
		@DefaultValue("2m") Duration lease, @DefaultValue("12") @Min(1) int maxAttempts,
		@DefaultValue("30s") Duration firstRetry, @DefaultValue("1h") Duration maxRetry,
		@DefaultValue("4") @Min(1) @Max(64) int workers, @DefaultValue("100") @Min(1) @Max(5000) int campaignBatch,
		@DefaultValue("0") @Min(0) int ratePerSecond, @DefaultValue Map<String, @Min(1) Integer> domainRates,
		@DefaultValue("5000") @Min(1) int reconnectAfter, @DefaultValue("true") boolean directSmtp,
		@DefaultValue("5") @Min(1) int pauseAfterConnectionFailures, @DefaultValue("30s") Duration relayHealthCache,
		@DefaultValue("5s") Duration relayHealthTimeout,
		@DefaultValue("30d") @DurationMin(hours = 1,
				message = "must be at least 1h, the time the per-address mail limits look back; set "
						+ "GLOWLETTER_DELIVERY_OUTBOX_RETENTION, e.g. 30d") Duration outboxRetention,
		@DefaultValue("true") boolean trackClicks, @DefaultValue("false") boolean countOpens) {

	/**
	 * The wait after the n-th temporary failure: the first retry time, doubled each time,
	 * capped.
	 */
	Duration backoff(int attempts) {
		Duration wait = firstRetry.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
		return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
	}
}
