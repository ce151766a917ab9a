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
 * ({@code topicIds}; none: everyone). Public only because the editor's template
 * (FreeMarker) reads it.
 */
public record CampaignForm(String subject, String preheader, String intro, String template, List<Long> articleIds,
		List<Long> topicIds) {

	static CampaignForm empty() {
		return new CampaignForm("", "", "", "digest", List.of(), List.of());
	}

	static CampaignForm of(CampaignView campaign) {
		return new CampaignForm(campaign.subject(), campaign.preheader(), campaign.intro(), campaign.template(),
				campaign.articleIds(), campaign.topicIds());
	}

	static CampaignForm of(MultiValueMap<String, String> params) {
		List<Long> picked = ids(params, "articleIds");
		picked.sort(Comparator.comparingInt(id -> position(params, id)));
		return new CampaignForm(params.getFirst("subject"), params.getFirst("preheader"), params.getFirst("intro"),
				params.getFirst("template"), picked, ids(params, "topicIds"));
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

	CampaignContent content() {
		return new CampaignContent(subject, blankToNull(preheader), blankToNull(intro), template, articleIds, topicIds);
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
