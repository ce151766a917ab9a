package dev.glowletter.campaign;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How campaigns start.
 *
 * @param pollInterval how often due campaigns and digests are looked for
 * @param gracePeriod how late a campaign may still start after the service was down; later
 *                    than that it is paused and flagged instead of sent late
 * @param queueBatch how many readers one step of filling a campaign's queue takes
 */
@Validated
@ConfigurationProperties("glowletter.campaign")
record CampaignProperties(
		@DefaultValue("5s") Duration pollInterval,
		@DefaultValue("6h") Duration gracePeriod,
		@DefaultValue("500") @Min(1) @Max(10000) int queueBatch) {
}
