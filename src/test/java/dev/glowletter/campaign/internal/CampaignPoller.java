package dev.glowletter.campaign.internal;

import org.springframework.context.ApplicationContext;

/**
 * The campaign poller for tests of other modules, which cannot see it: one tick when the
 * test says so.
 */
public final class CampaignPoller {

	private final CampaignScheduler scheduler;

	public CampaignPoller(ApplicationContext context) {
		this.scheduler = context.getBean(CampaignScheduler.class);
	}

	/** Runs due digests, starts due campaigns, marks finished ones sent. */
	public void tick() {
		scheduler.tick();
	}

}
