package dev.glowletter.delivery.internal;

import java.util.Map;

import dev.glowletter.rendering.Email;
import tools.jackson.databind.json.JsonMapper;

/**
 * An e-mail as the outbox keeps it until it is composed: JSON of its recipient, subject,
 * template and model (strings, numbers, booleans, lists and maps of them). An attachment
 * is not kept this way: such a mail is queued composed.
 */
public final class StoredEmails {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private StoredEmails() {
	}

	private record Stored(String to, String toName, String subject, String template, Map<String, Object> model,
			String unsubscribeUrl) {
	}

	public static String write(Email email) {
		if (email.attachment() != null) {
			throw new IllegalArgumentException("An e-mail with an attachment is queued composed");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> model = (Map<String, Object>) email.model();
		return JSON.writeValueAsString(new Stored(email.to(), email.toName(), email.subject(), email.template(), model,
				email.unsubscribeUrl()));
	}

	static Email read(String json) {
		Stored stored = JSON.readValue(json, Stored.class);
		return new Email(stored.to(), stored.toName(), stored.subject(), stored.template(), stored.model(),
				stored.unsubscribeUrl());
	}

}
