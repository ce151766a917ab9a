package dev.glowletter.campaign.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignNotFound;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.delivery.CampaignContents;
import dev.glowletter.delivery.SentArticles;
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

	private final SentArticles sentArticles;

	CampaignContentSource(Campaigns campaigns, NewsletterAssembly assembly, SentArticles sentArticles) {
		this.campaigns = campaigns;
		this.assembly = assembly;
		this.sentArticles = sentArticles;
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
		return assembly.assemble(withArticles(
				campaigns.findById(campaignId).orElseThrow(() -> new CampaignNotFound("campaign", campaignId)),
				articleIds));
	}

	/** The campaign's content with these of its articles: a personal edition's copy. */
	private static CampaignContent withArticles(Campaign campaign, List<Long> articleIds) {
		CampaignContent content = campaign.content();
		return new CampaignContent(content.subject(), content.preheader(), content.intro(), content.template(),
				articleIds, content.topicIds(), content.segmentId());
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
		return shown(newsletterId).map(c -> assembly.assemble(c.content()));
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<NewsletterContent> findCopy(long copyId) {
		return sentArticles.personalCopy(copyId)
			.flatMap(copy -> shown(copy.campaignId()).map(c -> assembly.assemble(withArticles(c, copy.articleIds()))));
	}

	/** A campaign whose web version is shown: one that went out, never a draft. */
	private Optional<Campaign> shown(long campaignId) {
		return campaigns.findById(campaignId)
			.filter(c -> EnumSet.of(CampaignStatus.SENDING, CampaignStatus.PAUSED, CampaignStatus.SENT)
				.contains(c.getStatus()));
	}

}
