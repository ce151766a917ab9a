package dev.glowletter.campaign;

import java.util.List;

/**
 * What a campaign says: subject (may use FreeMarker, e.g. {@code ${subscriber.firstName!"there"}}),
 * preheader, intro, template (base name, e.g. {@code digest}) and the articles, in order.
 */
public record CampaignContent(String subject, String preheader, String intro, String template, List<Long> articleIds) {

	public CampaignContent {
		articleIds = articleIds == null ? List.of() : List.copyOf(articleIds);
		template = template == null || template.isBlank() ? "digest" : template.strip();
	}
}
