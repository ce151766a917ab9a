package dev.glowletter.admin.internal;

import java.util.List;
import java.util.Map;

import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.CampaignView;
import dev.glowletter.feedback.Bounces;
import dev.glowletter.subscription.SubscriberDirectory;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard: the list's figures, its growth as a chart, what is scheduled and what is
 * going out, and how the mailbox providers took the last campaigns (bounces, complaints).
 */
@Controller
class DashboardController {

	private final SubscriberDirectory directory;

	private final CampaignService campaigns;

	private final Bounces bounces;

	DashboardController(SubscriberDirectory directory, CampaignService campaigns, Bounces bounces) {
		this.directory = directory;
		this.campaigns = campaigns;
		this.bounces = bounces;
	}

	/**
	 * A recent campaign's bounce and complaint rates; public only because the page's
	 * template reads it.
	 */
	public record Feedback(CampaignView campaign, Bounces.Counts counts, double bounceRate, double complaintRate,
			String level) {
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
		List<CampaignView> recent = campaigns
			.list(CampaignStatus.SENT, PageRequest.of(0, 5, Sort.by(Sort.Direction.DESC, "finishedAt")))
			.getContent();
		Map<Long, Bounces.Counts> counts = bounces.countsOf(recent.stream().map(CampaignView::id).toList());
		model.addAttribute("feedback", recent.stream().map(c -> {
			Bounces.Counts n = counts.getOrDefault(c.id(), Bounces.Counts.NONE);
			int delivered = c.progress().sent();
			return new Feedback(c, n, n.bounceRate(delivered), n.complaintRate(delivered), n.level(delivered));
		}).toList());
		return "admin/dashboard";
	}

}
