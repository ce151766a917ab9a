package dev.glowletter.rendering;

import java.time.OffsetDateTime;

/**
 * One article as a card in a newsletter. Every value is plain text and is escaped where
 * it is shown; {@code imageUrl}, {@code imageAlt}, {@code author} and {@code publishedAt}
 * may be null.
 */
public record ArticleCard(String title, String url, String excerpt, String imageUrl, String imageAlt, String author,
		OffsetDateTime publishedAt) {
}
