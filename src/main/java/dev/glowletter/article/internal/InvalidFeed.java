package dev.glowletter.article.internal;

import java.util.Map;

import dev.glowletter.InvalidInput;

/**
 * A feed address that cannot be registered: its field named, with what is wrong with it.
 * Nothing was stored.
 */
public class InvalidFeed extends InvalidInput {

	InvalidFeed(String field, String error) {
		super(field + " " + error, Map.of(field, error));
	}

}
