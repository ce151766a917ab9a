package dev.glowletter.article.internal;

/** Another article has that canonical URL already. */
public class DuplicateArticle extends RuntimeException {

	final Long existingId;

	DuplicateArticle(String url, Long existingId) {
		super("An article with the URL " + url + " exists already"
				+ (existingId != null ? " (id " + existingId + ")." : "."));
		this.existingId = existingId;
	}

}
