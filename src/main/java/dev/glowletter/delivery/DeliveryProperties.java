package dev.glowletter.delivery;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the outbox is sent.
 *
 * @param pollInterval how often the sender looks for due mail when nobody woke it
 * @param batchSize how many messages one claim takes (they go over one SMTP connection)
 * @param lease how long a claim holds its messages before another sender may take them
 * @param maxAttempts after this many temporary failures a message is given up as failed
 * @param firstRetry the wait after the first temporary failure; it doubles each time
 * @param maxRetry the longest wait between two attempts
 */
@Validated
@ConfigurationProperties("glowletter.delivery")
record DeliveryProperties(
		@DefaultValue("1s") Duration pollInterval,
		@DefaultValue("50") @Min(1) @Max(1000) int batchSize,
		@DefaultValue("2m") Duration lease,
		@DefaultValue("12") @Min(1) int maxAttempts,
		@DefaultValue("30s") Duration firstRetry,
		@DefaultValue("1h") Duration maxRetry) {
}
