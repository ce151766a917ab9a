package dev.glowletter.article.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers feeds and imports their items: new items become articles, changed items
 * update theirs (matched by the item's guid, else its link). A feed is fetched and parsed
 * completely before anything is written, and all its items are written in one
 * transaction, so a broken feed imports nothing rather than half of something; the
 * outcome is recorded on the feed.
 */
@Service
public class FeedImport {

	private static final Logger log = LoggerFactory.getLogger(FeedImport.class);

	private final StoredFeeds feeds;

	private final StoredArticles articles;

	private final FeedFetcher fetcher;

	private final Excerpts excerpts;

	private final ArticleProperties properties;

	private final TransactionTemplate transaction;

	private final Clock clock;

	FeedImport(StoredFeeds feeds, StoredArticles articles, FeedFetcher fetcher, Excerpts excerpts,
			ArticleProperties properties, PlatformTransactionManager transactions, Clock clock) {
		this.feeds = feeds;
		this.articles = articles;
		this.fetcher = fetcher;
		this.excerpts = excerpts;
		this.properties = properties;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	/** A feed URL registered twice. */
	public static class DuplicateFeed extends RuntimeException {

		DuplicateFeed(String url) {
			super("The feed " + url + " is registered already.");
		}

	}

	public Feed.FeedView register(String url) {
		String checked = url == null ? null : url.strip();
		if (checked == null || checked.isEmpty()) {
			throw new InvalidFeed("url", "is required");
		}
		if (!ArticleDraft.isWebUrl(checked)) {
			throw new InvalidFeed("url", "must be an absolute http:// or https:// URL");
		}
		try {
			return transaction.execute(status -> {
				if (feeds.findByUrl(checked).isPresent()) {
					throw new DuplicateFeed(checked);
				}
				return feeds.saveAndFlush(new Feed(checked, clock.instant())).view();
			});
		}
		catch (DataIntegrityViolationException raced) {
			// registered by another request between our check and our insert
			throw new DuplicateFeed(checked);
		}
	}

	public List<Feed.FeedView> list() {
		return transaction.execute(status -> feeds.findAll(Sort.by("id")).stream().map(Feed::view).toList());
	}

	public boolean delete(long id) {
		return Boolean.TRUE.equals(transaction.execute(status -> {
			if (!feeds.existsById(id)) {
				return false;
			}
			feeds.deleteById(id);
			return true;
		}));
	}

	/**
	 * Polls every feed whose last poll is at least one interval old (or that never was).
	 */
	void pollDue() {
		Instant dueBefore = clock.instant().minus(properties.feedPollInterval()).plusSeconds(1);
		List<Feed.FeedView> due = transaction.execute(status -> feeds.findAll()
			.stream()
			.map(Feed::view)
			.filter(feed -> feed.lastPolledAt() == null || feed.lastPolledAt().isBefore(dueBefore))
			.toList());
		for (Feed.FeedView feed : due) {
			poll(feed.id());
		}
	}

	/**
	 * Fetches the feed now and imports its items; the feed as it is afterwards, or empty
	 * for an unknown id.
	 */
	public Optional<Feed.FeedView> poll(long id) {
		Optional<String> url = transaction.execute(status -> feeds.findById(id).map(Feed::url));
		if (url.isEmpty()) {
			return Optional.empty();
		}
		String outcome;
		boolean ok;
		try {
			SyndFeed parsed = fetcher.fetch(url.get());
			List<Item> items = items(parsed);
			Counts counts = transaction.execute(status -> store(id, items));
			outcome = counts.describe(parsed.getEntries().size());
			ok = true;
			log.info("Feed {} ({}): {}", id, url.get(), outcome);
		}
		catch (FeedFetcher.Unreadable ex) {
			outcome = ex.getMessage();
			ok = false;
			log.warn("Feed {} ({}) failed, will retry at the next poll: {}", id, url.get(), outcome);
		}
		catch (RuntimeException ex) {
			outcome = "could not be imported: " + ex.getMessage();
			ok = false;
			log.warn("Feed {} ({}) failed, will retry at the next poll", id, url.get(), ex);
		}
		String message = outcome;
		boolean success = ok;
		return transaction.execute(status -> feeds.findById(id).map(feed -> {
			if (success) {
				feed.polled(clock.instant(), message);
			}
			else {
				feed.failed(clock.instant(), message);
			}
			return feed.view();
		}));
	}

	/** One item of a feed, checked and ready to store. */
	private record Item(String guid, String hash, ArticleContent content, String problem) {
	}

	private record Counts(int created, int updated, int unchanged, List<String> skipped) {

		String describe(int total) {
			String text = total + " items: " + created + " new, " + updated + " updated, " + unchanged + " unchanged";
			if (!skipped.isEmpty()) {
				text += ", " + skipped.size() + " skipped (" + String.join("; ", skipped) + ")";
			}
			return text;
		}
	}

	private List<Item> items(SyndFeed feed) {
		List<Item> items = new ArrayList<>();
		for (SyndEntry entry : feed.getEntries()) {
			items.add(item(entry));
		}
		return items;
	}

	private Item item(SyndEntry entry) {
		String link = entry.getLink();
		String guid = entry.getUri() != null && !entry.getUri().isBlank() ? entry.getUri().strip() : link;
		String content = entry.getContents().isEmpty() ? null : entry.getContents().get(0).getValue();
		String description = value(entry.getDescription());
		String body = content != null ? content : description;
		// a feed with both calls its description a summary: that makes the excerpt
		String excerpt = content != null && description != null ? excerpts.derive(description) : null;
		Instant published = entry.getPublishedDate() != null ? entry.getPublishedDate().toInstant()
				: entry.getUpdatedDate() != null ? entry.getUpdatedDate().toInstant() : null;
		String imageUrl = entry.getEnclosures()
			.stream()
			.filter(e -> e.getType() != null && e.getType().startsWith("image/"))
			.map(SyndEnclosure::getUrl)
			.findFirst()
			.orElse(null);
		List<String> tags = entry.getCategories()
			.stream()
			.map(SyndCategory::getName)
			.filter(name -> name != null && !name.isBlank())
			.limit(ArticleDraft.MAX_TAGS)
			.toList();
		ArticleDraft draft = new ArticleDraft(entry.getTitle() == null ? null : Excerpts.text(entry.getTitle()),
				link == null ? null : link.strip(), null, blankToNull(entry.getAuthor()),
				published == null ? null : published.atOffset(ZoneOffset.UTC).toString(), imageUrl, null, tags, body,
				excerpt == null || excerpt.isEmpty() ? null : excerpt);
		try {
			ArticleContent checked = draft.check(excerpts, properties.maxBodySize(), clock.instant());
			return new Item(guid, hash(guid, draft), checked, null);
		}
		catch (InvalidArticle ex) {
			return new Item(guid, null, null, (guid == null ? "an item" : guid) + ": " + ex.getMessage());
		}
	}

	private Counts store(long feedId, List<Item> items) {
		int created = 0;
		int updated = 0;
		int unchanged = 0;
		List<String> skipped = new ArrayList<>();
		Instant now = clock.instant();
		for (Item item : items) {
			if (item.problem() != null) {
				skipped.add(item.problem());
				continue;
			}
			Optional<Article> existing = Optional.ofNullable(item.guid())
				.flatMap(guid -> articles.findFirstByFeedIdAndSourceGuid(feedId, guid))
				.or(() -> articles.findByUrl(item.content().url()));
			if (existing.isEmpty()) {
				articles.save(Article.imported(feedId, item.guid(), item.hash(), item.content(), now));
				created++;
				continue;
			}
			Article article = existing.get();
			Optional<Article> urlOwner = articles.findByUrl(item.content().url());
			if (urlOwner.isPresent() && !urlOwner.get().id().equals(article.id())) {
				skipped.add(item.guid() + ": its link " + item.content().url() + " belongs to article "
						+ urlOwner.get().id());
				continue;
			}
			if (article.reviseFromFeed(feedId, item.guid(), item.hash(), item.content(), now)) {
				updated++;
			}
			else {
				unchanged++;
			}
		}
		articles.flush();
		return new Counts(created, updated, unchanged, skipped);
	}

	private static String value(SyndContent content) {
		return content == null ? null : blankToNull(content.getValue());
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	private static String hash(String guid, ArticleDraft draft) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(String.valueOf(guid).getBytes(StandardCharsets.UTF_8));
			digest.update(draft.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
