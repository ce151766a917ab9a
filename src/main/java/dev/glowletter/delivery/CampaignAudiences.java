package dev.glowletter.delivery;

/**
 * The port through which the queue fill asks which readers a campaign is for, as a
 * condition in SQL: the audience module implements it. The fill stays one set-based
 * {@code INSERT ... SELECT} per chunk of readers; without an implementation, every
 * confirmed reader is queued.
 */
public interface CampaignAudiences {

	/**
	 * A condition on the reader row {@code s} (table {@code subscriber}) that the readers
	 * of campaign {@code :id} meet; {@code TRUE} for everyone. One of a few constant SQL
	 * texts: values are never written into it, the only parameter is {@code :id}.
	 */
	String readerCondition(long campaignId);

}
