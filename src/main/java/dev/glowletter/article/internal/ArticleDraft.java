package dev.glowletter.article.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An article as the admin API (or a feed) gives it: unchecked. {@link #check} turns it
 * into {@link ArticleContent} or names every field that is wrong.
 *
 * @param publishedAt ISO 8601 with an offset (e.g. 2025-05-01T09:00:00+02:00), kept with
 * its offset; now when missing
 * @param excerpt plain text kept as written; derived from the body when missing
 * @param topicIds the topics the editor puts the article in (its tags may put it in
 * more); null keeps them as they are
 */
public record ArticleDraft(String title, String url, String slug, String author, String publishedAt, String imageUrl,
		String imageAlt, List<String> tags, String body, String excerpt, List<Long> topicIds) {

	public ArticleDraft(String title, String url, String slug, String author, String publishedAt, String imageUrl,
			String imageAlt, List<String> tags, String body, String excerpt) {
		this(title, url, slug, author, publishedAt, imageUrl, imageAlt, tags, body, excerpt, null);
	}

	static final int MAX_TITLE = 300;
	static final int MAX_URL = 2000;
	static final int MAX_SLUG = 120;
	static final int MAX_AUTHOR = 200;
	static final int MAX_ALT = 300;
	static final int MAX_EXCERPT = 2000;
	static final int MAX_TAG = 60;
	static final int MAX_TAGS = 20;

	/** The checked content, or {@link InvalidArticle} naming each bad field. */
	ArticleContent check(Excerpts excerpts, int maxBodySize, OffsetDateTime now) {
		Map<String, String> errors = new LinkedHashMap<>();
		String title = trimmed(this.title);
		if (title == null) {
			errors.put("title", "is required");
		}
		else if (title.length() > MAX_TITLE) {
			errors.put("title", "must be at most " + MAX_TITLE + " characters");
		}
		String url = trimmed(this.url);
		if (url == null) {
			errors.put("url", "is required");
		}
		else if (!isWebUrl(url)) {
			errors.put("url", "must be an absolute http:// or https:// URL");
		}
		String imageUrl = trimmed(this.imageUrl);
		if (imageUrl != null && !isWebUrl(imageUrl)) {
			errors.put("imageUrl", "must be an absolute http:// or https:// URL");
		}
		String slug = trimmed(this.slug);
		if (slug != null && (slug.length() > MAX_SLUG || !slug.matches("[a-z0-9]+(-[a-z0-9]+)*"))) {
			errors.put("slug", "must be lowercase letters and digits joined by single dashes, at most " + MAX_SLUG
					+ " characters");
		}
		tooLong(errors, "author", author, MAX_AUTHOR);
		tooLong(errors, "imageAlt", imageAlt, MAX_ALT);
		tooLong(errors, "excerpt", excerpt, MAX_EXCERPT);
		if (body != null && body.length() > maxBodySize) {
			errors.put("body", "must be at most " + maxBodySize + " characters (it has " + body.length() + ")");
		}
		List<String> tags = tags(errors);
		OffsetDateTime published = null;
		if (trimmed(publishedAt) != null) {
			try {
				published = OffsetDateTime.parse(publishedAt.strip());
			}
			catch (DateTimeParseException ex) {
				errors.put("publishedAt",
						"must be an ISO 8601 date-time with an offset, e.g. 2025-05-01T09:00:00+02:00");
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidArticle(errors);
		}
		String excerpt = trimmed(this.excerpt);
		boolean given = excerpt != null;
		if (!given) {
			excerpt = excerpts.derive(body);
		}
		published = (published != null ? published : now).truncatedTo(ChronoUnit.SECONDS);
		return new ArticleContent(title, url, slug != null ? slug : slug(title), trimmed(author), published, imageUrl,
				imageUrl != null ? trimmed(imageAlt) : null, body, excerpt, given, tags);
	}

	ArticleContent check(Excerpts excerpts, int maxBodySize, Instant now) {
		return check(excerpts, maxBodySize, now.atOffset(ZoneOffset.UTC));
	}

	private List<String> tags(Map<String, String> errors) {
		if (this.tags == null) {
			return List.of();
		}
		Set<String> tags = new LinkedHashSet<>();
		for (String tag : this.tags) {
			String t = trimmed(tag);
			if (t == null) {
				continue;
			}
			if (t.length() > MAX_TAG) {
				errors.put("tags", "must each be at most " + MAX_TAG + " characters");
			}
			tags.add(t);
		}
		if (tags.size() > MAX_TAGS) {
			errors.put("tags", "are too many: at most " + MAX_TAGS);
		}
		return new ArrayList<>(tags);
	}

	private static void tooLong(Map<String, String> errors, String field, String value, int max) {
		if (value != null && value.strip().length() > max) {
			errors.put(field, "must be at most " + max + " characters");
		}
	}

	private static String trimmed(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return value.strip();
	}

	static boolean isWebUrl(String value) {
		if (value.length() > MAX_URL) {
			return false;
		}
		try {
			URI uri = new URI(value);
			String scheme = uri.getScheme();
			return uri.isAbsolute() && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
					&& uri.getHost() != null && !uri.getHost().isEmpty();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/** "Microneedling & hair: what's true?" becomes "microneedling-hair-what-s-true". */
	static String slug(String title) {
		String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
		String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		if (slug.length() > MAX_SLUG) {
			slug = slug.substring(0, MAX_SLUG).replaceAll("-[^-]*$", "");
		}
		return slug.isEmpty() ? "article" : slug;
	}
}
