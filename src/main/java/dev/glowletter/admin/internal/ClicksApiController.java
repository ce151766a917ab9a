package dev.glowletter.admin.internal;

import java.util.List;

import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignView;
import dev.glowletter.engagement.Clicks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The click reports through the API: a campaign's, and the articles most read from the
 * newsletter.
 */
@RestController
@Tag(name = "Clicks", description = "Which articles readers open from the newsletter (readers' clicks only)")
class ClicksApiController {

	private final CampaignService campaigns;

	private final Clicks clicks;

	ClicksApiController(CampaignService campaigns, Clicks clicks) {
		this.campaigns = campaigns;
		this.clicks = clicks;
	}

	@GetMapping("/api/campaigns/{id}/clicks")
	@Operation(summary = "A campaign's clicks: readers who clicked, click rate of the copies delivered, per article, "
			+ "per hour of the first 72 (from its start); machine clicks counted apart")
	Clicks.CampaignClicks ofCampaign(@PathVariable long id) {
		CampaignView campaign = campaigns.get(id);
		return clicks.ofCampaign(id, campaign.startedAt());
	}

	@GetMapping("/api/articles/most-read")
	@Operation(summary = "The articles most readers opened from the newsletter over the last days (default 90)")
	List<Clicks.MostRead> mostRead(@RequestParam(defaultValue = "90") int days,
			@RequestParam(defaultValue = "10") int limit) {
		return clicks.mostRead(Math.min(Math.max(days, 1), 3650), Math.min(Math.max(limit, 1), 100));
	}

}
