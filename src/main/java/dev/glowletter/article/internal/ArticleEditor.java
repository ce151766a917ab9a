package dev.glowletter.article.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.audience.Topic;
import dev.glowletter.audience.Topics;
import jakarta.persistence.criteria.Join;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the admin does with articles: write, change, delete, and find them, and put them
 * in the list's topics.
 */
@Service
public class ArticleEditor {

	static final int MAX_PAGE_SIZE = 100;

	private final StoredArticles articles;

	private final Excerpts excerpts;

	private final ArticleProperties properties;

	private final Topics topics;

	private final Clock clock;

	ArticleEditor(StoredArticles articles, Excerpts excerpts, ArticleProperties properties, Topics topics,
			Clock clock) {
		this.articles = articles;
		this.excerpts = excerpts;
		this.properties = properties;
		this.topics = topics;
		this.clock = clock;
	}

	/** Filters of the list; each may be null. */
	public record Filter(Instant publishedSince, String tag, String titleContains) {
	}

	@Transactional
	public ArticleView create(ArticleDraft draft) {
		ArticleContent content = check(draft);
		articles.findByUrl(content.url()).ifPresent(existing -> {
			throw new DuplicateArticle(content.url(), existing.id());
		});
		Article saved = save(new Article(content, now()), content.url());
		if (draft.topicIds() != null) {
			topics.chooseForArticle(saved.id(), draft.topicIds());
		}
		return view(saved);
	}

	@Transactional
	public Optional<ArticleView> update(long id, ArticleDraft draft) {
		ArticleContent content = check(draft);
		return articles.findById(id).map(article -> {
			articles.findByUrl(content.url()).filter(other -> !other.id().equals(id)).ifPresent(other -> {
				throw new DuplicateArticle(content.url(), other.id());
			});
			article.revise(content, now());
			Article saved = save(article, content.url());
			if (draft.topicIds() != null) {
				topics.chooseForArticle(id, draft.topicIds());
			}
			return view(saved);
		});
	}

	/** The content, or every problem of the draft at once, its topics' among them. */
	private ArticleContent check(ArticleDraft draft) {
		List<Long> unknown = topics.unknown(draft.topicIds());
		try {
			ArticleContent content = draft.check(excerpts, properties.maxBodySize(), clock.instant());
			if (!unknown.isEmpty()) {
				throw new InvalidArticle(Map.of("topicIds", unknownTopics(unknown)));
			}
			return content;
		}
		catch (InvalidArticle ex) {
			if (unknown.isEmpty() || ex.errors().containsKey("topicIds")) {
				throw ex;
			}
			Map<String, String> errors = new LinkedHashMap<>(ex.errors());
			errors.put("topicIds", unknownTopics(unknown));
			throw new InvalidArticle(errors);
		}
	}

	private static String unknownTopics(List<Long> unknown) {
		return "do not exist: " + unknown;
	}

	@Transactional
	public boolean delete(long id) {
		if (!articles.existsById(id)) {
			return false;
		}
		articles.deleteById(id);
		return true;
	}

	@Transactional(readOnly = true)
	public Optional<ArticleView> find(long id) {
		return articles.findById(id).map(this::view);
	}

	@Transactional(readOnly = true)
	public ArticleView.Page list(Filter filter, int page, int size) {
		int pageSize = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
		var result = articles.findAll(specification(filter), PageRequest.of(Math.max(page, 0), pageSize,
				Sort.by(Sort.Order.desc("publishedAt"), Sort.Order.desc("id"))));
		return new ArticleView.Page(views(result.getContent()), result.getNumber(), result.getSize(),
				result.getTotalElements(), result.getTotalPages());
	}

	private static Specification<Article> specification(Filter filter) {
		List<Specification<Article>> all = new ArrayList<>();
		if (filter.publishedSince() != null) {
			all.add((root, query, cb) -> cb.greaterThan(root.get("publishedAt"), filter.publishedSince()));
		}
		if (filter.tag() != null && !filter.tag().isBlank()) {
			String tag = filter.tag().strip().toLowerCase(Locale.ROOT);
			all.add((root, query, cb) -> {
				var sub = query.subquery(Long.class);
				var tagged = sub.from(Article.class);
				Join<Article, String> tags = tagged.join("tags");
				return cb.exists(sub.select(tagged.get("id"))
					.where(cb.equal(tagged.get("id"), root.get("id")), cb.equal(cb.lower(tags), tag)));
			});
		}
		if (filter.titleContains() != null && !filter.titleContains().isBlank()) {
			String pattern = "%" + filter.titleContains()
				.strip()
				.toLowerCase(Locale.ROOT)
				.replace("\\", "\\\\")
				.replace("%", "\\%")
				.replace("_", "\\_") + "%";
			all.add((root, query, cb) -> cb.like(cb.lower(root.get("title")), pattern, '\\'));
		}
		return Specification.allOf(all);
	}

	private ArticleView view(Article article) {
		return views(List.of(article)).get(0);
	}

	/** The views of these articles, with their topics read for all of them at once. */
	private List<ArticleView> views(List<Article> page) {
		List<Long> ids = page.stream().map(Article::id).toList();
		Map<Long, List<Topic>> in = topics.ofArticles(ids);
		Map<Long, List<Long>> chosen = topics.chosenForArticles(ids);
		return page.stream()
			.map(article -> ArticleView.of(article, chosen.getOrDefault(article.id(), List.of()),
					in.getOrDefault(article.id(), List.of()).stream().map(Topic::name).toList()))
			.toList();
	}

	private Article save(Article article, String url) {
		try {
			return articles.saveAndFlush(article);
		}
		catch (DataIntegrityViolationException raced) {
			// another request stored the same URL between our check and our insert
			throw new DuplicateArticle(url, null);
		}
	}

	private Instant now() {
		return clock.instant();
	}

}
