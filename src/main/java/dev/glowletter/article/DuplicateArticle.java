package dev.glowletter.article;

/** Another article has that canonical URL already. */
class DuplicateArticle extends RuntimeException {

	final Long existingId;

	DuplicateArticle(String url, Long existingId) {
		super("An article with the URL " + url + " exists already" + (existingId != null ? " (id " + existingId + ")." : "."));
		this.existingId = existingId;
	}
}
