package dev.glowletter.campaign.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How campaigns start.
 *
 * @param pollInterval how often due campaigns and digests are looked for
 * @param gracePeriod how late a campaign may still start after the service was down;
 * later than that it is paused and flagged instead of sent late
 * @param stallAfter a sending campaign that sent nothing for this long is reported as
 * stalled
 */
@Validated
@ConfigurationProperties("glowletter.campaign")
public record CampaignProperties(@DefaultValue("5s") Duration pollInterval, @DefaultValue("6h") Duration gracePeriod,
		@DefaultValue("10m") Duration stallAfter) {
}
