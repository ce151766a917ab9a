package dev.glowletter.engagement.internal;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What is kept of readers' clicks ({@code glowletter.engagement.*}). Whether copies are
 * tracked at all is {@code glowletter.delivery.track-clicks}.
 *
 * @param clickRetention how long a click is kept (reader, article, campaign, time; never
 * the reader's address, browser or network address); older ones are purged every hour
 * @param pendingClicks the most clicks waiting for their batch write; beyond it (the
 * database gone for long) a click still redirects but is not recorded
 */
@Validated
@ConfigurationProperties("glowletter.engagement")
public record EngagementProperties(@DefaultValue("365d") @DurationMin(days = 1) Duration clickRetention,
		@DefaultValue("100000") int pendingClicks) {
}
