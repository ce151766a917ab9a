package dev.glowletter.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.glowletter.delivery.internal.ErasedReaders;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The article ledger as others read it: which articles each reader was sent, and when.
 * One row per copy: a copy recorded SENT carried its campaign's articles (kept by the
 * engine when the campaign starts, {@code delivery_campaign_article}, so they outlive the
 * campaign) or, from a personal edition, the articles chosen for it
 * ({@code delivery_copy_article}); {@code delivery_article} holds rows written before and
 * history brought from elsewhere. It goes with the reader when they are erased.
 */
@Service
public class SentArticles {

	/**
	 * The condition "reader {@code %1$s} was sent article {@code %2$s}", for a query of
	 * the ledger (the two are column names).
	 */
	static final String RECEIVED = """
			(EXISTS (SELECT 1 FROM delivery_article lx WHERE lx.subscriber_id = %1$s AND lx.article_id = %2$s)
			 OR EXISTS (SELECT 1 FROM delivery_campaign_article lk JOIN delivery ld ON ld.campaign_id = lk.campaign_id
			   AND ld.subscriber_id = %1$s AND ld.status = 'SENT' WHERE lk.article_id = %2$s
			   AND (lk.every_copy OR EXISTS (SELECT 1 FROM delivery_copy_article lc
			     WHERE lc.delivery_id = ld.id AND lc.article_id = %2$s))))""";

	private final JdbcClient jdbc;

	private final ObjectProvider<CampaignAudiences> audiences;

	private final ErasedReaders erased;

	private final Clock clock;

	SentArticles(JdbcClient jdbc, ObjectProvider<CampaignAudiences> audiences, ErasedReaders erased, Clock clock) {
		this.jdbc = jdbc;
		this.audiences = audiences;
		this.erased = erased;
		this.clock = clock;
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
		CampaignAudiences audience = audiences.getIfAvailable();
		ReaderCondition forReader = audience == null || pool.isEmpty() ? ReaderCondition.EVERYONE
				: audience.articleForReader(pool, ":reader", "a.id");
		for (String order : List.of("ASC", "DESC")) {
			jdbc.sql("SELECT id, email, confirmed_at FROM subscriber WHERE status = 'CONFIRMED' ORDER BY confirmed_at "
					+ order + ", id " + order + " FETCH FIRST 1 ROWS ONLY")
				.query((rs, row) -> {
					long id = rs.getLong(1);
					OffsetDateTime confirmed = rs.getObject(3, OffsetDateTime.class);
					return new OwedArticles(id, rs.getString(2), confirmed == null ? null : confirmed.toInstant(),
							owed(id, pool, max, forReader));
				})
				.optional()
				.filter(sample -> samples.stream().noneMatch(other -> other.subscriberId() == sample.subscriberId()))
				.ifPresent(samples::add);
		}
		return samples;
	}

	/**
	 * The pool's articles for the reader (by their topics) that they have not received.
	 */
	private List<Long> owed(long subscriberId, List<Long> pool, int max, ReaderCondition forReader) {
		if (pool.isEmpty()) {
			return List.of();
		}
		Set<Long> owed = new HashSet<>(jdbc
			.sql("SELECT a.id FROM article a WHERE a.id IN (:pool) AND " + forReader.sql() + " AND NOT "
					+ RECEIVED.formatted(":reader", "a.id"))
			.params(forReader.parameters())
			.param("reader", subscriberId)
			.param("pool", pool)
			.query(Long.class)
			.list());
		return pool.stream().filter(owed::contains).limit(max).toList();
	}

	/** One copy of a personal edition: its campaign, and its own articles in order. */
	public record PersonalCopy(long campaignId, List<Long> articleIds) {
	}

	/** The copy of a personal edition of this id, if it is one. */
	@Transactional(readOnly = true)
	public Optional<PersonalCopy> personalCopy(long copyId) {
		List<Map.Entry<Long, Long>> rows = jdbc
			.sql("SELECT d.campaign_id, c.article_id FROM delivery d JOIN delivery_copy_article c "
					+ "ON c.delivery_id = d.id WHERE d.id = ? ORDER BY c.position")
			.param(copyId)
			.query((rs, row) -> Map.entry(rs.getLong(1), rs.getLong(2)))
			.list();
		return rows.isEmpty() ? Optional.empty()
				: Optional.of(new PersonalCopy(rows.get(0).getKey(), rows.stream().map(Map.Entry::getValue).toList()));
	}

	/** The articles the reader was sent, oldest first, for their data export. */
	@Transactional(readOnly = true)
	public List<SentArticle> sentTo(long subscriberId) {
		return jdbc.sql("""
				SELECT x.article_id, a.title, x.campaign_id, x.sent_at FROM (
				  SELECT article_id, campaign_id, sent_at FROM delivery_article WHERE subscriber_id = :reader
				  UNION
				  SELECT k.article_id, d.campaign_id, d.sent_at
				  FROM delivery d JOIN delivery_campaign_article k ON k.campaign_id = d.campaign_id AND k.every_copy
				  WHERE d.subscriber_id = :reader AND d.status = 'SENT'
				  UNION
				  SELECT c.article_id, d.campaign_id, d.sent_at
				  FROM delivery d JOIN delivery_copy_article c ON c.delivery_id = d.id
				  WHERE d.subscriber_id = :reader AND d.status = 'SENT'
				) x LEFT JOIN article a ON a.id = x.article_id
				ORDER BY x.sent_at, x.campaign_id, x.article_id""")
			.param("reader", subscriberId)
			.query((rs, row) -> new SentArticle(rs.getLong(1), rs.getString(2), rs.getLong(3),
					rs.getObject(4, OffsetDateTime.class).toInstant()))
			.list();
	}

	/**
	 * Takes the reader's ledger along when they are erased: the record of each copy they
	 * were sent, and the rows kept from before; a copy still queued is skipped by the
	 * workers as the erased reader's. Their tracked links lead nowhere from now on.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void forget(long subscriberId) {
		erased.erased(subscriberId, clock.instant());
		jdbc.sql("DELETE FROM delivery WHERE subscriber_id = ? AND status <> 'QUEUED'").param(subscriberId).update();
		jdbc.sql("DELETE FROM delivery_article WHERE subscriber_id = ?").param(subscriberId).update();
	}

}
