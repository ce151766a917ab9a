package dev.glowletter.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The article ledger as others read it: which articles each reader was sent, and when.
 * The campaign senders write it with each batch's record; it outlives the campaigns and
 * goes with the reader when they are erased.
 */
@Service
public class SentArticles {

	private final JdbcClient jdbc;

	SentArticles(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One article a reader received: its title while the article still exists (null after
	 * it was deleted), the campaign that carried it and when.
	 */
	public record SentArticle(long articleId, String title, long campaignId, Instant sentAt) {
	}

	/**
	 * A reader and the articles of a personal edition's pool they are owed: those they
	 * have not received, in the pool's order, up to its maximum.
	 */
	public record OwedArticles(long subscriberId, String email, Instant confirmedAt, List<Long> articleIds) {
	}

	/**
	 * The reader who confirmed first and the one who confirmed last (one, or none, on a
	 * small list), each with what a personal edition of this pool would give them now:
	 * the preview of a personal digest.
	 */
	@Transactional(readOnly = true)
	public List<OwedArticles> sampleReaders(List<Long> pool, int max) {
		List<OwedArticles> samples = new ArrayList<>();
		for (String order : List.of("ASC", "DESC")) {
			jdbc.sql("SELECT id, email, confirmed_at FROM subscriber WHERE status = 'CONFIRMED' ORDER BY confirmed_at "
					+ order + ", id " + order + " FETCH FIRST 1 ROWS ONLY")
				.query((rs, row) -> {
					long id = rs.getLong(1);
					OffsetDateTime confirmed = rs.getObject(3, OffsetDateTime.class);
					return new OwedArticles(id, rs.getString(2), confirmed == null ? null : confirmed.toInstant(),
							owed(id, pool, max));
				})
				.optional()
				.filter(sample -> samples.stream().noneMatch(other -> other.subscriberId() == sample.subscriberId()))
				.ifPresent(samples::add);
		}
		return samples;
	}

	private List<Long> owed(long subscriberId, List<Long> pool, int max) {
		if (pool.isEmpty()) {
			return List.of();
		}
		Set<Long> received = new HashSet<>(jdbc
			.sql("SELECT article_id FROM delivery_article WHERE subscriber_id = :reader AND article_id IN (:pool)")
			.param("reader", subscriberId)
			.param("pool", pool)
			.query(Long.class)
			.list());
		return pool.stream().filter(id -> !received.contains(id)).limit(max).toList();
	}

	/** The articles the reader was sent, oldest first, for their data export. */
	@Transactional(readOnly = true)
	public List<SentArticle> sentTo(long subscriberId) {
		return jdbc.sql("""
				SELECT x.article_id, a.title, x.campaign_id, x.sent_at
				FROM delivery_article x LEFT JOIN article a ON a.id = x.article_id
				WHERE x.subscriber_id = ? ORDER BY x.sent_at, x.campaign_id, x.article_id""")
			.param(subscriberId)
			.query((rs, row) -> new SentArticle(rs.getLong(1), rs.getString(2), rs.getLong(3),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.list();
	}

}
