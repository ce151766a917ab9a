package dev.glowletter.audience.internal;

import dev.glowletter.delivery.CampaignAudiences;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The readers a campaign is for, as the queue fill asks: everyone when the campaign names
 * no topic; else the readers who chose one of its topics, and those who chose none (none
 * means everything). A campaign for everyone costs the fill no topic condition
 * ({@code TRUE}); every campaign adds the readers' frequency ({@link FrequencyAudience}).
 */
@Component
class TopicAudience implements CampaignAudiences {

	private static final String OF_ITS_TOPICS = """
			(NOT EXISTS (SELECT 1 FROM subscriber_topic st WHERE st.subscriber_id = s.id)
			 OR EXISTS (SELECT 1 FROM subscriber_topic st JOIN campaign_topic ct ON ct.topic_id = st.topic_id
			            WHERE ct.campaign_id = :id AND st.subscriber_id = s.id))""";

	private final JdbcClient jdbc;

	TopicAudience(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String readerCondition(long campaignId) {
		boolean forTopics = jdbc.sql("SELECT COUNT(*) FROM campaign_topic WHERE campaign_id = ?")
			.param(campaignId)
			.query(Integer.class)
			.single() > 0;
		return (forTopics ? OF_ITS_TOPICS : "TRUE") + " AND " + FrequencyAudience.CONDITION;
	}

}
