package dev.glowletter.campaign;

import java.util.List;
import java.util.Objects;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a campaign says: subject (may use FreeMarker, e.g.
 * {@code ${subscriber.firstName!"there"}}), preheader, intro, template (base name, e.g.
 * {@code digest}), the articles, in order, and who it is for: the readers of some topics
 * (those who chose one of them, and those who chose none), or a segment, or else
 * everyone.
 */
public record CampaignContent(@Schema(example = "Beauty news for ${subscriber.firstName!\"you\"}") String subject,
		@Schema(example = "Microneedling, minoxidil and what the evidence says") String preheader,
		@Schema(example = "This week: what microneedling can and cannot do for thinning hair.") String intro,
		@Schema(example = "digest", defaultValue = "digest") String template,
		@Schema(example = "[1, 2, 3]") List<Long> articleIds, @Schema(example = "[]") List<Long> topicIds,
		@Schema(example = "null", description = "a segment's id; then no topics") Long segmentId) {

	public CampaignContent {
		articleIds = articleIds == null ? List.of() : List.copyOf(articleIds);
		topicIds = topicIds == null ? List.of()
				: topicIds.stream().filter(Objects::nonNull).distinct().sorted().toList();
		template = template == null || template.isBlank() ? "digest" : template.strip();
	}

	/** For the readers of the topics (none: everyone). */
	public CampaignContent(String subject, String preheader, String intro, String template, List<Long> articleIds,
			List<Long> topicIds) {
		this(subject, preheader, intro, template, articleIds, topicIds, null);
	}

	/** For everyone. */
	public CampaignContent(String subject, String preheader, String intro, String template, List<Long> articleIds) {
		this(subject, preheader, intro, template, articleIds, List.of(), null);
	}
}
