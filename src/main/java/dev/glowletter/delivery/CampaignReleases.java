package dev.glowletter.delivery;

import java.util.Optional;

/**
 * The port through which the queue fill asks whether a campaign goes at a local time in
 * each reader's zone: the campaigns module implements it. Without an implementation, or
 * for a campaign that does not, every copy is released at once.
 */
public interface CampaignReleases {

	/** The campaign's local time, asked once per chunk of the fill; empty: at once. */
	Optional<LocalRelease> localRelease(long campaignId);

}
