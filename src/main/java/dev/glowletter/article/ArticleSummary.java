package dev.glowletter.article;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What other modules see of an article: enough to show it as a card in an e-mail.
 *
 * @param excerpt plain text (not HTML); escape it where it is shown
 * @param imageUrl may be null, and so may {@code imageAlt} and {@code author}
 */
public record ArticleSummary(long id, String title, String url, String excerpt, String imageUrl, String imageAlt,
		String author, OffsetDateTime publishedAt, List<String> tags) {
}
