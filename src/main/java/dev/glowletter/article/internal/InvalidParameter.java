package dev.glowletter.article.internal;

import java.util.Map;

import dev.glowletter.InvalidInput;

/**
 * A request parameter that cannot be used, e.g. article ids that are no numbers: named,
 * with what is wrong with it.
 */
class InvalidParameter extends InvalidInput {

	InvalidParameter(String parameter, String error) {
		super(parameter + " " + error, Map.of(parameter, error));
	}

}
