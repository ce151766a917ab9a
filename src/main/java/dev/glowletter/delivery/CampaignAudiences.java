package dev.glowletter.delivery;

/**
 * The port through which the queue fill asks which readers a campaign is for, as a
 * condition in SQL: the audience module implements it. The fill stays one set-based
 * {@code INSERT ... SELECT} per chunk of readers; without an implementation, every
 * confirmed reader is queued.
 */
public interface CampaignAudiences {

	/**
	 * The condition the readers of the campaign meet, asked once per chunk of the fill
	 * (so a segment is compiled when its queue is filled);
	 * {@link ReaderCondition#EVERYONE} for everyone.
	 */
	ReaderCondition readerCondition(long campaignId);

}
