package dev.glowletter.article.internal;

import java.util.Map;
import java.util.stream.Collectors;

/** An article with wrong fields: each named, with what is wrong with it. Nothing was stored. */
public class InvalidArticle extends RuntimeException {

	public final Map<String, String> errors;

	InvalidArticle(Map<String, String> errors) {
		super(errors.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")));
		this.errors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(errors));
	}
}
