package dev.glowletter.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

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
