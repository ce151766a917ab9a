package dev.glowletter.article;

import java.util.Map;

import dev.glowletter.InvalidInput;

/** A feed address that cannot be registered: its field named, with what is wrong with it. Nothing was stored. */
class InvalidFeed extends InvalidInput {

	InvalidFeed(String field, String error) {
		super(field + " " + error, Map.of(field, error));
	}
}
