package dev.glowletter.article.internal;

/** No article (or feed) of that id. */
class ArticleNotFound extends RuntimeException {

	ArticleNotFound(String what, long id) {
		super("There is no " + what + " " + id + ".");
	}

}
