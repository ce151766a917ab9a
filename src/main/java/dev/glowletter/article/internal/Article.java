package dev.glowletter.article.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.glowletter.article.ArticleSummary;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An article of the blog. Its content changes only as a whole, through {@link #revise},
 * so an excerpt always belongs to the body it was derived from.
 */
@Entity
@Table(name = "article")
public class Article {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String title;

	private String url;

	private String slug;

	private String author;

	private Instant publishedAt;

	private String publishedZone;

	private String imageUrl;

	private String imageAlt;

	private String body;

	private String excerpt;

	private boolean excerptGiven;

	private Long feedId;

	private String sourceGuid;

	private String sourceHash;

	private Instant createdAt;

	private Instant updatedAt;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "article_tag", joinColumns = @JoinColumn(name = "article_id"))
	@OrderColumn(name = "tag_order")
	@Column(name = "tag")
	private List<String> tags = new ArrayList<>();

	@Version
	private long version;

	protected Article() {
	}

	Article(ArticleContent content, Instant now) {
		this.createdAt = now;
		apply(content, now);
	}

	/** An article that came from a feed, remembered by the feed's id for the item. */
	static Article imported(long feedId, String guid, String hash, ArticleContent content, Instant now) {
		Article article = new Article(content, now);
		article.feedId = feedId;
		article.sourceGuid = guid;
		article.sourceHash = hash;
		return article;
	}

	/**
	 * Takes the feed's new version of the item, but only when the feed changed it (its
	 * hash differs): an admin's edit is not undone by every poll. Returns whether
	 * anything changed.
	 */
	boolean reviseFromFeed(long feedId, String guid, String hash, ArticleContent content, Instant now) {
		if (hash.equals(sourceHash)) {
			return false;
		}
		this.feedId = feedId;
		this.sourceGuid = guid;
		this.sourceHash = hash;
		apply(content, now);
		return true;
	}

	/** Replaces the content; returns whether anything changed. */
	boolean revise(ArticleContent content, Instant now) {
		if (content.equals(content())) {
			return false;
		}
		apply(content, now);
		return true;
	}

	private void apply(ArticleContent content, Instant now) {
		this.title = content.title();
		this.url = content.url();
		this.slug = content.slug();
		this.author = content.author();
		this.publishedAt = content.publishedAt().toInstant();
		this.publishedZone = content.publishedAt().getOffset().getId();
		this.imageUrl = content.imageUrl();
		this.imageAlt = content.imageAlt();
		this.body = content.body();
		this.excerpt = content.excerpt();
		this.excerptGiven = content.excerptGiven();
		this.tags.clear();
		this.tags.addAll(content.tags());
		this.updatedAt = now;
	}

	ArticleContent content() {
		return new ArticleContent(title, url, slug, author, publishedAt(), imageUrl, imageAlt, body, excerpt,
				excerptGiven, List.copyOf(tags));
	}

	/** The published time in the zone it was given in. */
	OffsetDateTime publishedAt() {
		return publishedAt.atZone(ZoneId.of(publishedZone)).toOffsetDateTime();
	}

	public Long id() {
		return id;
	}

	String url() {
		return url;
	}

	Long feedId() {
		return feedId;
	}

	Instant createdAt() {
		return createdAt;
	}

	Instant updatedAt() {
		return updatedAt;
	}

	public ArticleSummary summary() {
		return new ArticleSummary(id, title, url, excerpt, imageUrl, imageAlt, author, publishedAt(),
				List.copyOf(tags));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Article that && id != null && Objects.equals(id, that.id);
	}

	@Override
	public int hashCode() {
		return Article.class.hashCode();
	}

}
