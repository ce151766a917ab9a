/**
 * Campaigns: writing a newsletter, scheduling it, recurring digests that assemble themselves from
 * new articles, and the poller that starts what is due. {@link dev.glowletter.campaign.CampaignService}
 * and {@link dev.glowletter.campaign.DigestService} are the module's facades.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Campaigns")
package dev.glowletter.campaign;
