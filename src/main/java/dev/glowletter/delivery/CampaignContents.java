package dev.glowletter.delivery;

import java.util.List;

import dev.glowletter.rendering.NewsletterContent;

/**
 * Where the delivery engine finds what a campaign says. The campaigns module provides it;
 * the content of a campaign that is sending does not change, so the engine asks once per
 * campaign (a personal edition: once per distinct set of articles).
 */
public interface CampaignContents {

	NewsletterContent contentOf(long campaignId);

	/**
	 * A personal edition's content for the readers owed these of its articles, in this
	 * order.
	 */
	NewsletterContent contentOf(long campaignId, List<Long> articleIds);

	/**
	 * For a personal edition, up to how many of its articles (newest first) each reader
	 * gets that they have not received yet (per the article ledger); 0 for a campaign
	 * whose articles go to everyone.
	 */
	int personalArticles(long campaignId);

	/**
	 * The campaign's articles, in their order (a personal edition's: its pool); what the
	 * article ledger says its copies carried.
	 */
	List<Long> articleIds(long campaignId);

}
