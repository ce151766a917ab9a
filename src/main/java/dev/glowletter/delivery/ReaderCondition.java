package dev.glowletter.delivery;

import java.util.Map;

/**
 * A condition on the reader row {@code s} (table {@code subscriber}) in SQL, with the
 * values of its named parameters. Values are only ever bound, never written into the
 * text; the names must not be those the queue fill binds itself ({@code id}, {@code now},
 * {@code from}, {@code to}, {@code listZone}).
 *
 * @param sql e.g. {@code EXISTS (SELECT 1 FROM subscriber_topic st WHERE st.subscriber_id
 * = s.id AND st.topic_id IN (:aud0))}
 * @param parameters name → value (a collection is expanded into a list of values)
 */
public record ReaderCondition(String sql, Map<String, ?> parameters) {

	/** Every reader: costs the fill nothing. */
	public static final ReaderCondition EVERYONE = new ReaderCondition("TRUE", Map.of());

	public ReaderCondition {
		parameters = Map.copyOf(parameters);
	}

}
