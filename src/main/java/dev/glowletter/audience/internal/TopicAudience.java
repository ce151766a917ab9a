package dev.glowletter.audience.internal;

import dev.glowletter.delivery.CampaignAudiences;
import org.springframework.stereotype.Component;

/**
 * The readers a campaign is for, as the queue fill asks: everyone when the campaign names
 * no topic; else the readers who chose one of its topics, and those who chose none (none
 * means everything).
 */
@Component
class TopicAudience implements CampaignAudiences {

	@Override
	public String readerCondition() {
		return """
				(NOT EXISTS (SELECT 1 FROM campaign_topic ct WHERE ct.campaign_id = :id)
				 OR NOT EXISTS (SELECT 1 FROM subscriber_topic st WHERE st.subscriber_id = s.id)
				 OR EXISTS (SELECT 1 FROM subscriber_topic st JOIN campaign_topic ct ON ct.topic_id = st.topic_id
				            WHERE ct.campaign_id = :id AND st.subscriber_id = s.id))""";
	}

}
