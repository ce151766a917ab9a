package dev.glowletter.campaign.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignNotFound;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.delivery.CampaignContents;
import dev.glowletter.rendering.NewsletterArchive;
import dev.glowletter.rendering.NewsletterContent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a campaign says, for the delivery engine and for the "view in browser" page (which
 * shows only campaigns that went out, never a draft).
 */
@Component
class CampaignContentSource implements CampaignContents, NewsletterArchive {

	private final Campaigns campaigns;

	private final NewsletterAssembly assembly;

	CampaignContentSource(Campaigns campaigns, NewsletterAssembly assembly) {
		this.campaigns = campaigns;
		this.assembly = assembly;
	}

	@Override
	@Transactional(readOnly = true)
	public NewsletterContent contentOf(long campaignId) {
		Campaign campaign = campaigns.findById(campaignId)
			.orElseThrow(() -> new CampaignNotFound("campaign", campaignId));
		return assembly.assemble(campaign.content());
	}

	@Override
	@Transactional(readOnly = true)
	public NewsletterContent contentOf(long campaignId, List<Long> articleIds) {
		CampaignContent content = campaigns.findById(campaignId)
			.orElseThrow(() -> new CampaignNotFound("campaign", campaignId))
			.content();
		return assembly.assemble(new CampaignContent(content.subject(), content.preheader(), content.intro(),
				content.template(), articleIds, content.topicIds(), content.segmentId()));
	}

	@Override
	@Transactional(readOnly = true)
	public int personalArticles(long campaignId) {
		return campaigns.findById(campaignId).map(Campaign::getPersonalArticles).orElse(0);
	}

	@Override
	@Transactional(readOnly = true)
	public List<Long> articleIds(long campaignId) {
		return campaigns.findById(campaignId).map(c -> c.content().articleIds()).orElse(List.of());
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<NewsletterContent> find(long newsletterId) {
		return campaigns.findById(newsletterId)
			.filter(c -> EnumSet.of(CampaignStatus.SENDING, CampaignStatus.PAUSED, CampaignStatus.SENT)
				.contains(c.getStatus()))
			.map(c -> assembly.assemble(c.content()));
	}

}
