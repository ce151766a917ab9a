package dev.glowletter.admin.internal;

import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.subscription.SubscriberDirectory;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard: the list's figures, its growth as a chart, what is scheduled and what is
 * going out.
 */
@Controller
class DashboardController {

	private final SubscriberDirectory directory;

	private final CampaignService campaigns;

	DashboardController(SubscriberDirectory directory, CampaignService campaigns) {
		this.directory = directory;
		this.campaigns = campaigns;
	}

	@GetMapping("/admin")
	String dashboard(@RequestParam(defaultValue = "30") int days, Model model) {
		int period = days == 90 ? 90 : 30;
		SubscriberDirectory.Statistics statistics = directory.statistics(period);
		model.addAttribute("days", period);
		model.addAttribute("stats", statistics);
		model.addAttribute("chart", GrowthChart.of(statistics.days()));
		model.addAttribute("scheduled",
				campaigns.list(CampaignStatus.SCHEDULED, PageRequest.of(0, 5, Sort.by("scheduledAt"))).getContent());
		model.addAttribute("sending",
				campaigns.list(CampaignStatus.SENDING, PageRequest.of(0, 10, Sort.by("id"))).getContent());
		return "admin/dashboard";
	}

}
