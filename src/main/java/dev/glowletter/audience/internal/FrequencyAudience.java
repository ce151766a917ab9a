package dev.glowletter.audience.internal;

import java.util.HashMap;
import java.util.Map;

import dev.glowletter.delivery.ReaderCondition;

/**
 * The readers a campaign is for by how often they want mail (their {@code frequency},
 * chosen on the preference page): a one-off campaign goes to those who want every issue;
 * a digest's edition also to those who want only the digests of its cadence (the weekly
 * or the monthly one). The cadence is read once per chunk of the fill, so the condition
 * on each reader row {@code s} is a comparison of one column with constants.
 */
final class FrequencyAudience {

	private static final String EVERY_ISSUE = "s.frequency = 'EVERY'";

	private static final String EVERY_ISSUE_OR_CADENCE = "s.frequency IN ('EVERY', :audCadence)";

	private FrequencyAudience() {
	}

	/**
	 * Who the campaign is for, and of them those whose frequency it meets.
	 * @param cadence the cadence of the digest whose edition the campaign is (WEEKLY,
	 * MONTHLY); null for a one-off campaign, or a digest of neither
	 */
	static ReaderCondition and(ReaderCondition audience, String cadence) {
		Map<String, Object> parameters = new HashMap<>(audience.parameters());
		String frequency = EVERY_ISSUE;
		if (cadence != null) {
			parameters.put("audCadence", cadence);
			frequency = EVERY_ISSUE_OR_CADENCE;
		}
		String sql = "TRUE".equals(audience.sql()) ? frequency : "(" + audience.sql() + ") AND " + frequency;
		return new ReaderCondition(sql, parameters);
	}

}
