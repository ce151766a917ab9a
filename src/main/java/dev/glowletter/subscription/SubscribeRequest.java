package dev.glowletter.subscription;

import java.util.List;
import java.util.Map;

/**
 * A reader's wish to subscribe, with where it came from (for the consent record), the
 * topics they chose (none: everything), the custom field values they gave (key to value,
 * checked already) and their time zone (one of {@link ReaderTimeZones#REGIONS}; null: the
 * list's).
 */
public record SubscribeRequest(EmailAddress email, String firstName, ConsentSource source, String ip, String userAgent,
		List<Long> topicIds, Map<String, String> fields, String timeZone) {

	public SubscribeRequest {
		topicIds = topicIds == null ? List.of() : List.copyOf(topicIds);
		fields = fields == null ? Map.of() : Map.copyOf(fields);
		timeZone = ReaderTimeZones.region(timeZone).orElse(null);
	}

	/** Without a time zone: the list's. */
	public SubscribeRequest(EmailAddress email, String firstName, ConsentSource source, String ip, String userAgent,
			List<Long> topicIds, Map<String, String> fields) {
		this(email, firstName, source, ip, userAgent, topicIds, fields, null);
	}

	/** Without field values. */
	public SubscribeRequest(EmailAddress email, String firstName, ConsentSource source, String ip, String userAgent,
			List<Long> topicIds) {
		this(email, firstName, source, ip, userAgent, topicIds, Map.of());
	}

	/** Without a choice of topics. */
	public SubscribeRequest(EmailAddress email, String firstName, ConsentSource source, String ip, String userAgent) {
		this(email, firstName, source, ip, userAgent, List.of());
	}

}
