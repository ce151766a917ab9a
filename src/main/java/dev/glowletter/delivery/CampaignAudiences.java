package dev.glowletter.delivery;

import java.util.Collection;

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

	/**
	 * For a personal edition: the condition that an article of its pool is for a reader
	 * by their topics. {@code reader} and {@code article} are SQL expressions of the
	 * caller's query (column names, or a bound parameter), never input;
	 * {@link ReaderCondition#EVERYONE} when every article is for every reader.
	 */
	default ReaderCondition articleForReader(Collection<Long> pool, String reader, String article) {
		return ReaderCondition.EVERYONE;
	}

}
