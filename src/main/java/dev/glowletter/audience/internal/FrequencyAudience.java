package dev.glowletter.audience.internal;

import java.util.HashMap;
import java.util.Map;

import dev.glowletter.delivery.ReaderCondition;

/**
 * The readers a campaign is for by how often they want mail (their {@code frequency},
 * chosen on the preference page): a one-off campaign goes to those who want every issue;
 * a digest's edition also to those who want only the digests of its cadence (the weekly
 * or the monthly one). One constant condition on the reader row {@code s}: its only
 * parameter is the campaign's id, and the cadence is read once per statement (the
 * sub-query does not depend on the reader).
 */
final class FrequencyAudience {

	static final String CONDITION = """
			(s.frequency = 'EVERY'
			 OR s.frequency = (SELECT d.cadence FROM campaign c JOIN digest d ON d.id = c.digest_id
			                   WHERE c.id = :audCampaign))""";

	private FrequencyAudience() {
	}

	/** Who the campaign is for, and of them those whose frequency it meets. */
	static ReaderCondition and(ReaderCondition audience, long campaignId) {
		Map<String, Object> parameters = new HashMap<>(audience.parameters());
		parameters.put("audCampaign", campaignId);
		String sql = "TRUE".equals(audience.sql()) ? CONDITION : "(" + audience.sql() + ") AND " + CONDITION;
		return new ReaderCondition(sql, parameters);
	}

}
