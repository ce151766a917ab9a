package dev.glowletter.subscription;

import java.util.List;

/**
 * A reader's wish to subscribe, with where it came from (for the consent record) and the
 * topics they chose (none: everything).
 */
public record SubscribeRequest(EmailAddress email, String firstName, ConsentSource source, String ip, String userAgent,
		List<Long> topicIds) {

	public SubscribeRequest {
		topicIds = topicIds == null ? List.of() : List.copyOf(topicIds);
	}

	/** Without a choice of topics. */
	public SubscribeRequest(EmailAddress email, String firstName, ConsentSource source, String ip, String userAgent) {
		this(email, firstName, source, ip, userAgent, List.of());
	}

}
