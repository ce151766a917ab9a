package dev.glowletter.delivery;

import dev.glowletter.rendering.NewsletterContent;

/**
 * Where the delivery engine finds what a campaign says. The campaigns module provides it;
 * the content of a campaign that is sending does not change, so the engine asks once per
 * campaign.
 */
public interface CampaignContents {

	NewsletterContent contentOf(long campaignId);

}
