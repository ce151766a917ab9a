package dev.glowletter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input a module refuses: each wrong field named, with a message a person can act on, in
 * the order the form shows the fields; nothing was stored. The one shape of a refusal: a
 * page shows the form again with each message next to its field ({@code errors} in the
 * model), an API answers a problem detail whose {@code errors} are the same field →
 * message pairs.
 */
public abstract class InvalidInput extends RuntimeException {

	private final transient Map<String, String> errors;

	protected InvalidInput(String message, Map<String, String> errors) {
		super(message);
		this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
	}

	/** Field → what is wrong with it. */
	public Map<String, String> errors() {
		return errors;
	}

}
