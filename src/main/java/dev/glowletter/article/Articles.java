package dev.glowletter.article;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.glowletter.article.internal.Article;
import dev.glowletter.article.internal.StoredArticles;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The articles as other modules read them (a campaign picks its articles here). */
@Service
@Transactional(readOnly = true)
public class Articles {

	private final StoredArticles articles;

	Articles(StoredArticles articles) {
		this.articles = articles;
	}

	/**
	 * The articles with these ids, in the order of the ids; ids of no article are left
	 * out.
	 */
	public List<ArticleSummary> findAll(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, ArticleSummary> found = articles
			.findAllById(ids.stream().filter(Objects::nonNull).distinct().toList())
			.stream()
			.collect(Collectors.toMap(Article::id, Article::summary, (a, b) -> a));
		return ids.stream().map(found::get).filter(Objects::nonNull).toList();
	}

	/**
	 * At most {@code max} articles published after {@code since} (exclusive), newest
	 * first.
	 */
	public List<ArticleSummary> publishedSince(Instant since, int max) {
		if (max <= 0) {
			return List.of();
		}
		return articles.findByPublishedAtAfterOrderByPublishedAtDescIdDesc(since, Limit.of(max))
			.stream()
			.map(Article::summary)
			.toList();
	}

	/** The {@code max} most recently published articles, newest first. */
	public List<ArticleSummary> latest(int max) {
		if (max <= 0) {
			return List.of();
		}
		return articles.findByOrderByPublishedAtDescIdDesc(Limit.of(max)).stream().map(Article::summary).toList();
	}

}
