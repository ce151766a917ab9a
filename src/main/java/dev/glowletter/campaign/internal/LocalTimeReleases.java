package dev.glowletter.campaign.internal;

import java.util.Optional;

import dev.glowletter.delivery.CampaignReleases;
import dev.glowletter.delivery.LocalRelease;
import org.springframework.stereotype.Component;

/** Tells the queue fill the local time a campaign goes at in each reader's zone. */
@Component
class LocalTimeReleases implements CampaignReleases {

	private final Campaigns campaigns;

	LocalTimeReleases(Campaigns campaigns) {
		this.campaigns = campaigns;
	}

	@Override
	public Optional<LocalRelease> localRelease(long campaignId) {
		return campaigns.findById(campaignId).flatMap(Campaign::localRelease);
	}

}
