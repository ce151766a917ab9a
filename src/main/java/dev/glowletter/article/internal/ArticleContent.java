package dev.glowletter.article.internal;

import java.time.OffsetDateTime;
import java.util.List;

/** An article's content, complete and checked: what {@link Article} stores. */
record ArticleContent(String title, String url, String slug, String author, OffsetDateTime publishedAt, String imageUrl,
		String imageAlt, String body, String excerpt, boolean excerptGiven, List<String> tags) {

	ArticleContent {
		tags = List.copyOf(tags);
	}

}
