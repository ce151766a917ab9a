/**
 * Campaigns: writing a newsletter, scheduling it, recurring digests that assemble
 * themselves from new articles, and the poller that starts what is due. Its API is this
 * package: {@link dev.glowletter.campaign.CampaignService} and
 * {@link dev.glowletter.campaign.DigestService}, the facades the admin pages use, with
 * the records they take and give and the exceptions they throw; everything else, the
 * {@code Campaign} aggregate and its transition table included, is in {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Campaigns")
package dev.glowletter.campaign;
