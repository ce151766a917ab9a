package dev.glowletter.subscription.internal;

import java.util.Map;

import dev.glowletter.InvalidInput;

/**
 * A CSV import that cannot run as asked: a file that is no CSV text, or a column that is
 * not there. Nothing was imported.
 */
class InvalidImport extends InvalidInput {

	InvalidImport(String message, Map<String, String> errors) {
		super(message, errors);
	}

}
