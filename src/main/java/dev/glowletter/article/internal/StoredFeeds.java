package dev.glowletter.article.internal;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

/** The registered feeds. */
interface StoredFeeds extends JpaRepository<Feed, Long> {

	Optional<Feed> findByUrl(String url);

}
