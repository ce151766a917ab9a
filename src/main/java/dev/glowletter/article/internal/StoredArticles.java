package dev.glowletter.article.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

/** The articles in the database. */
public interface StoredArticles extends JpaRepository<Article, Long>, JpaSpecificationExecutor<Article> {

	Optional<Article> findByUrl(String url);

	Optional<Article> findFirstByFeedIdAndSourceGuid(Long feedId, String sourceGuid);

	List<Article> findByPublishedAtAfterOrderByPublishedAtDescIdDesc(Instant since, Limit limit);

	List<Article> findByOrderByPublishedAtDescIdDesc(Limit limit);

}
