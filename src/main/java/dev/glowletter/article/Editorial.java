package dev.glowletter.article;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.InvalidInput;
import dev.glowletter.article.internal.ArticleDraft;
import dev.glowletter.article.internal.ArticleEditor;
import dev.glowletter.article.internal.ArticleView;
import dev.glowletter.article.internal.DuplicateArticle;
import dev.glowletter.article.internal.Excerpts;
import dev.glowletter.article.internal.Feed;
import dev.glowletter.article.internal.FeedImport;
import dev.glowletter.article.internal.InvalidArticle;
import dev.glowletter.article.internal.InvalidFeed;
import org.springframework.stereotype.Service;

/**
 * Writing articles and looking after the feeds, for the admin pages: the module's facade
 * for editing (the REST API goes to the same services).
 */
@Service
public class Editorial {

	private final ArticleEditor editor;

	private final FeedImport feeds;

	private final Excerpts excerpts;

	Editorial(ArticleEditor editor, FeedImport feeds, Excerpts excerpts) {
		this.editor = editor;
		this.feeds = feeds;
		this.excerpts = excerpts;
	}

	/**
	 * An article as typed into the form; {@code tags} comma-separated,
	 * {@code publishedAt} ISO 8601 with an offset or blank for now; {@code topicIds} the
	 * topics ticked.
	 */
	public record Draft(String title, String url, String author, String publishedAt, String imageUrl, String imageAlt,
			String tags, String body, String excerpt, List<Long> topicIds) {

		public Draft {
			topicIds = topicIds == null ? List.of() : List.copyOf(topicIds);
		}

		/** In no topic chosen by the editor. */
		public Draft(String title, String url, String author, String publishedAt, String imageUrl, String imageAlt,
				String tags, String body, String excerpt) {
			this(title, url, author, publishedAt, imageUrl, imageAlt, tags, body, excerpt, List.of());
		}

		ArticleDraft draft() {
			List<String> tagList = tags == null ? List.of()
					: Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
			return new ArticleDraft(title, url, null, author, publishedAt, imageUrl, imageAlt, tagList, body, excerpt,
					topicIds);
		}
	}

	/**
	 * An article as the admin pages show it.
	 *
	 * @param topicIds the topics its editor put it in
	 * @param topics the names of all the topics it is in (its tags may give it more)
	 */
	public record Entry(long id, String title, String url, String author, String publishedAt, String imageUrl,
			String imageAlt, String tags, String body, String excerpt, boolean excerptGiven, Long feedId,
			List<Long> topicIds, List<String> topics) {

		static Entry of(ArticleView v) {
			return new Entry(v.id(), v.title(), v.url(), v.author(),
					v.publishedAt() == null ? "" : v.publishedAt().toString(), v.imageUrl(), v.imageAlt(),
					String.join(", ", v.tags()), v.body(), v.excerpt(), v.excerptGiven(), v.feedId(), v.topicIds(),
					v.topics());
		}

		/** The form's fields for this article. */
		public Draft draft() {
			return new Draft(title, url, author, publishedAt, imageUrl, imageAlt, tags, body,
					excerptGiven ? excerpt : "", topicIds);
		}
	}

	/** One page of articles, newest first. */
	public record Entries(List<Entry> items, int page, int totalPages, long totalItems) {
	}

	/** A registered feed and how its last poll went. */
	public record FeedStatus(long id, String url, Instant lastPolledAt, String lastResult, String lastMessage,
			int consecutiveFailures) {

		static FeedStatus of(Feed.FeedView v) {
			return new FeedStatus(v.id(), v.url(), v.lastPolledAt(), v.lastResult(), v.lastMessage(),
					v.consecutiveFailures());
		}
	}

	/**
	 * The article or feed was refused; each problem is named by its form field. Nothing
	 * was stored.
	 */
	public static class Invalid extends InvalidInput {

		Invalid(Map<String, String> errors) {
			super(String.join(" ", errors.values()), errors);
		}

	}

	public Entries list(String titleContains, int page) {
		ArticleView.Page result = editor.list(new ArticleEditor.Filter(null, null, titleContains), page, 50);
		return new Entries(result.items().stream().map(Entry::of).toList(), result.page(),
				Math.max(1, result.totalPages()), result.totalItems());
	}

	public Optional<Entry> find(long id) {
		return editor.find(id).map(Entry::of);
	}

	/**
	 * @throws Invalid naming the wrong fields
	 */
	public Entry create(Draft draft) {
		try {
			return Entry.of(editor.create(draft.draft()));
		}
		catch (InvalidArticle ex) {
			throw new Invalid(sentences(ex.errors()));
		}
		catch (DuplicateArticle ex) {
			throw new Invalid(Map.of("url", ex.getMessage()));
		}
	}

	/**
	 * @throws Invalid naming the wrong fields; empty if there is no such article
	 */
	public Optional<Entry> update(long id, Draft draft) {
		try {
			return editor.update(id, draft.draft()).map(Entry::of);
		}
		catch (InvalidArticle ex) {
			throw new Invalid(sentences(ex.errors()));
		}
		catch (DuplicateArticle ex) {
			throw new Invalid(Map.of("url", ex.getMessage()));
		}
	}

	public boolean delete(long id) {
		return editor.delete(id);
	}

	/**
	 * The excerpt readers would see for this body when none is written, for the live
	 * preview.
	 */
	public String excerptOf(String body) {
		return excerpts.derive(body);
	}

	public List<FeedStatus> feeds() {
		return feeds.list().stream().map(FeedStatus::of).toList();
	}

	/**
	 * @throws Invalid naming "url"
	 */
	public FeedStatus registerFeed(String url) {
		try {
			return FeedStatus.of(feeds.register(url));
		}
		catch (InvalidFeed ex) {
			throw new Invalid(sentences(ex.errors()));
		}
		catch (FeedImport.DuplicateFeed ex) {
			throw new Invalid(Map.of("url", ex.getMessage()));
		}
	}

	/** Polls the feed now; empty if there is no such feed. */
	public Optional<FeedStatus> pollFeed(long id) {
		return feeds.poll(id).map(FeedStatus::of);
	}

	public boolean deleteFeed(long id) {
		return feeds.delete(id);
	}

	/**
	 * "title" → "is required" becomes "This title is required."; "tags" → "are too many…"
	 * becomes "These tags are too many…"; "topicIds" → "do not exist…" becomes "These
	 * topics do not exist…".
	 */
	private static Map<String, String> sentences(Map<String, String> errors) {
		LinkedHashMap<String, String> out = new LinkedHashMap<>();
		errors.forEach((field, problem) -> out.put(field, switch (field) {
			case "tags" -> "These tags ";
			case "topicIds" -> "These topics ";
			default -> "This " + field.replaceAll("([A-Z])", " $1").toLowerCase() + " ";
		} + problem + "."));
		return out;
	}

}
