package dev.glowletter.rendering;

import java.time.OffsetDateTime;

/**
 * One article as a card in a newsletter. Every value is plain text and is escaped where
 * it is shown; {@code imageUrl}, {@code imageAlt}, {@code author} and {@code publishedAt}
 * may be null.
 *
 * @param id the article's id: a campaign copy's link to it is tracked by it; null for a
 * card of no stored article (not tracked)
 */
public record ArticleCard(String title, String url, String excerpt, String imageUrl, String imageAlt, String author,
		OffsetDateTime publishedAt, Long id) {

	/** A card of no stored article. */
	public ArticleCard(String title, String url, String excerpt, String imageUrl, String imageAlt, String author,
			OffsetDateTime publishedAt) {
		this(title, url, excerpt, imageUrl, imageAlt, author, publishedAt, null);
	}
}
