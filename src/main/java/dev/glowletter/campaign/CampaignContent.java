package dev.glowletter.campaign;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a campaign says: subject (may use FreeMarker, e.g.
 * {@code ${subscriber.firstName!"there"}}), preheader, intro, template (base name, e.g.
 * {@code digest}) and the articles, in order.
 */
public record CampaignContent(@Schema(example = "Beauty news for ${subscriber.firstName!\"you\"}") String subject,
		@Schema(example = "Microneedling, minoxidil and what the evidence says") String preheader,
		@Schema(example = "This week: what microneedling can and cannot do for thinning hair.") String intro,
		@Schema(example = "digest", defaultValue = "digest") String template,
		@Schema(example = "[1, 2, 3]") List<Long> articleIds) {

	public CampaignContent {
		articleIds = articleIds == null ? List.of() : List.copyOf(articleIds);
		template = template == null || template.isBlank() ? "digest" : template.strip();
	}
}
