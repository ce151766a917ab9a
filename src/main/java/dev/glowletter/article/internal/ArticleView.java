package dev.glowletter.article.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An article as the admin API shows it.
 *
 * @param topicIds the topics the editor put it in
 * @param topics the names of all the topics it is in: those and the ones its tags give it
 */
public record ArticleView(long id, String title, String url, String slug, String author, OffsetDateTime publishedAt,
		String imageUrl, String imageAlt, List<String> tags, String body, String excerpt, boolean excerptGiven,
		Long feedId, Instant createdAt, Instant updatedAt, List<Long> topicIds, List<String> topics) {

	static ArticleView of(Article article, List<Long> topicIds, List<String> topics) {
		ArticleContent c = article.content();
		return new ArticleView(article.id(), c.title(), c.url(), c.slug(), c.author(), c.publishedAt(), c.imageUrl(),
				c.imageAlt(), c.tags(), c.body(), c.excerpt(), c.excerptGiven(), article.feedId(), article.createdAt(),
				article.updatedAt(), List.copyOf(topicIds), List.copyOf(topics));
	}

	/** One page of a list, newest first. */
	public record Page(List<ArticleView> items, int page, int size, long totalItems, int totalPages) {
	}
}
