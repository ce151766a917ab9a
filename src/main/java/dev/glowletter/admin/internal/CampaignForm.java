package dev.glowletter.admin.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.glowletter.article.ArticleSummary;
import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignView;
import org.springframework.util.MultiValueMap;

/**
 * The campaign editor's fields. Articles are picked with checkboxes ({@code articleIds})
 * and ordered by a position field per article ({@code position-<id>}); the page's script
 * moves rows up and down and renumbers them. The topics it is for are checkboxes too
 * ({@code topicIds}; none: everyone), unless {@code target} is {@code segment}: then the
 * campaign is for the segment {@code segmentId} ({@code everyone} drops both). Public
 * only because the editor's template (FreeMarker) reads it.
 */
public record CampaignForm(String subject, String preheader, String intro, String template, List<Long> articleIds,
		List<Long> topicIds, String target, Long segmentId) {

	static CampaignForm empty() {
		return new CampaignForm("", "", "", "digest", List.of(), List.of(), "everyone", null);
	}

	static CampaignForm of(CampaignView campaign) {
		return new CampaignForm(campaign.subject(), campaign.preheader(), campaign.intro(), campaign.template(),
				campaign.articleIds(), campaign.topicIds(), target(campaign.topicIds(), campaign.segmentId()),
				campaign.segmentId());
	}

	private static String target(List<Long> topicIds, Long segmentId) {
		return segmentId != null ? "segment" : topicIds.isEmpty() ? "everyone" : "topics";
	}

	static CampaignForm of(MultiValueMap<String, String> params) {
		List<Long> picked = ids(params, "articleIds");
		picked.sort(Comparator.comparingInt(id -> position(params, id)));
		List<Long> topicIds = ids(params, "topicIds");
		List<Long> segment = ids(params, "segmentId");
		Long segmentId = segment.isEmpty() ? null : segment.get(0);
		// a form without the choice (a script's) says it by what it sends
		String target = params.containsKey("target") ? params.getFirst("target") : target(topicIds, segmentId);
		return switch (target == null ? "" : target) {
			case "segment" -> new CampaignForm(params.getFirst("subject"), params.getFirst("preheader"),
					params.getFirst("intro"), params.getFirst("template"), picked, List.of(), "segment", segmentId);
			case "topics" -> new CampaignForm(params.getFirst("subject"), params.getFirst("preheader"),
					params.getFirst("intro"), params.getFirst("template"), picked, topicIds, "topics", null);
			default -> new CampaignForm(params.getFirst("subject"), params.getFirst("preheader"),
					params.getFirst("intro"), params.getFirst("template"), picked, List.of(), "everyone", null);
		};
	}

	private static List<Long> ids(MultiValueMap<String, String> params, String name) {
		List<Long> ids = new ArrayList<>();
		for (String id : params.getOrDefault(name, List.of())) {
			try {
				ids.add(Long.parseLong(id));
			}
			catch (NumberFormatException ignored) {
				// a tampered value: names nothing
			}
		}
		return ids;
	}

	private static int position(Map<String, List<String>> params, long id) {
		List<String> values = params.get("position-" + id);
		try {
			return values == null || values.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(values.get(0).strip());
		}
		catch (NumberFormatException ex) {
			return Integer.MAX_VALUE;
		}
	}

	/**
	 * What the page itself refuses before the campaign is checked: a segment chosen
	 * without naming it.
	 */
	Map<String, String> problems() {
		return "segment".equals(target) && segmentId == null ? Map.of("segmentId", "Pick the segment it is for.")
				: Map.of();
	}

	CampaignContent content() {
		return new CampaignContent(subject, blankToNull(preheader), blankToNull(intro), template, articleIds, topicIds,
				segmentId);
	}

	/**
	 * One article the editor offers: picked ones first, in their order, then the newest
	 * others.
	 */
	public record Pick(long id, String title, String published, boolean picked, int position) {
	}

	List<Pick> picks(List<ArticleSummary> picked, List<ArticleSummary> latest) {
		List<Pick> picks = new ArrayList<>();
		for (ArticleSummary article : picked) {
			picks.add(new Pick(article.id(), article.title(), date(article), true, picks.size() + 1));
		}
		for (ArticleSummary article : latest) {
			if (!articleIds.contains(article.id())) {
				picks.add(new Pick(article.id(), article.title(), date(article), false, picks.size() + 1));
			}
		}
		return picks;
	}

	private static String date(ArticleSummary article) {
		return article.publishedAt() == null ? "" : article.publishedAt().toLocalDate().toString();
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}
}
