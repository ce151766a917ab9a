package dev.glowletter.article.internal;

import java.util.Map;
import java.util.stream.Collectors;

import dev.glowletter.InvalidInput;

/**
 * An article with wrong fields: each named, with what is wrong with it. Nothing was
 * stored.
 */
public class InvalidArticle extends InvalidInput {

	InvalidArticle(Map<String, String> errors) {
		super(errors.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")),
				errors);
	}

}
