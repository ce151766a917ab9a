package dev.glowletter.campaign;

/**
 * A move a campaign cannot make from where it is, e.g. scheduling a campaign that was
 * sent.
 */
public class IllegalTransition extends IllegalStateException {

	public IllegalTransition(Long id, CampaignStatus status, String action) {
		super("Campaign " + id + " is " + status + " and cannot be " + action + ".");
	}

}
