package dev.glowletter.campaign;

/** No campaign (or digest) of that id. */
public class CampaignNotFound extends RuntimeException {

	public CampaignNotFound(String what, long id) {
		super("There is no " + what + " " + id + ".");
	}

}
