package dev.glowletter.audience.internal;

/**
 * The readers a campaign is for by how often they want mail (their {@code frequency},
 * chosen on the preference page): a one-off campaign goes to those who want every issue;
 * a digest's edition also to those who want only the digests of its cadence (the weekly
 * or the monthly one). One constant condition on the reader row {@code s}: its only
 * parameter is the campaign's {@code :id}, and the cadence is read once per statement
 * (the sub-query does not depend on the reader).
 */
final class FrequencyAudience {

	/** ANDed into every campaign's condition by {@link TopicAudience}. */
	static final String CONDITION = """
			(s.frequency = 'EVERY'
			 OR s.frequency = (SELECT d.cadence FROM campaign c JOIN digest d ON d.id = c.digest_id
			                   WHERE c.id = :id))""";

	private FrequencyAudience() {
	}

}
