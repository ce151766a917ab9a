package dev.glowletter.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.glowletter.delivery.internal.DeliveryProperties;
import dev.glowletter.delivery.internal.ErasedReaders;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Where the tracked links of campaign copies lead: each copy's link to an article names
 * the copy and the article ({@code /r/<token>}), never the address; the address is kept
 * here, per campaign and article, when the campaign's newsletter is prepared, so a link
 * leads where the copy said even after the article moves or goes.
 */
@Service
public class TrackedLinks {

	private final JdbcClient jdbc;

	private final DeliveryProperties properties;

	private final ErasedReaders erased;

	TrackedLinks(JdbcClient jdbc, DeliveryProperties properties, ErasedReaders erased) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.erased = erased;
	}

	/**
	 * Where a tracked link leads, and whose copy of which campaign it is in.
	 *
	 * @param recorded whether the click may be recorded: tracking is on, and (for a copy
	 * looked up) the reader did not say "don't track my clicks" since the copy was sent;
	 * the recorder asks the reader's choice again when it writes the click
	 */
	public record Target(long copyId, long campaignId, long subscriberId, long articleId, String url,
			boolean recorded) {
	}

	/**
	 * Keeps where the campaign's links to these articles lead, the first time (a second
	 * preparation, another instance's, keeps the first).
	 */
	public void keep(long campaignId, Map<Long, String> urlsByArticle) {
		urlsByArticle.forEach((article, url) -> {
			try {
				jdbc.sql("""
						INSERT INTO delivery_link (campaign_id, article_id, url)
						SELECT :campaign, :article, :url FROM (VALUES (1)) AS one(x)
						WHERE NOT EXISTS (SELECT 1 FROM delivery_link WHERE campaign_id = :campaign
						                  AND article_id = :article)""")
					.param("campaign", campaignId)
					.param("article", article)
					.param("url", url)
					.update();
			}
			catch (DuplicateKeyException raced) {
				// another worker kept it in the same instant
			}
		});
	}

	/**
	 * The copy of this id as an open pixel names it: its campaign and reader; empty when
	 * it is not there (skipped, failed, or its reader erased).
	 */
	public Optional<Target> copy(long copyId) {
		return jdbc.sql("""
				SELECT d.campaign_id, d.subscriber_id, s.click_tracking FROM delivery d
				JOIN subscriber s ON s.id = d.subscriber_id
				WHERE d.id = ? AND d.status IN ('SENT', 'QUEUED')""")
			.param(copyId)
			.query((rs, row) -> new Target(copyId, rs.getLong(1), rs.getLong(2), 0, null,
					properties.trackClicks() && rs.getBoolean(3)))
			.optional();
	}

	/**
	 * The target of the link to this article in this copy; empty when the copy is not
	 * there (skipped, failed, or its reader erased) or its campaign had no such link; a
	 * copy still being recorded (its batch in flight) counts as sent. One query, for the
	 * copy: the campaign's links are kept in memory (they never change once kept; a
	 * personal edition keeps more as its sets are prepared, so a link not found is looked
	 * for once more).
	 */
	public Optional<Target> target(long copyId, long articleId) {
		return copy(copyId).flatMap(copy -> {
			String url = linkOf(copy.campaignId(), articleId);
			return url == null ? Optional.empty() : Optional
				.of(new Target(copyId, copy.campaignId(), copy.subscriberId(), articleId, url, copy.recorded()));
		});
	}

	/**
	 * The target of the link to this article in a copy whose link names its campaign and
	 * reader, from memory: empty when the reader was erased or the campaign had no such
	 * link. The copy is not asked for: the link is signed, so it names a copy we sent;
	 * whether its click is recorded (the copy still there, its reader not opted out) is
	 * decided when the click is written.
	 */
	public Optional<Target> target(long copyId, long campaignId, long subscriberId, long articleId) {
		if (erased.contains(subscriberId)) {
			return Optional.empty();
		}
		String url = linkOf(campaignId, articleId);
		return url == null ? Optional.empty()
				: Optional.of(new Target(copyId, campaignId, subscriberId, articleId, url, properties.trackClicks()));
	}

	/** Campaigns whose links are kept in memory, at most: the latest. */
	static final int CAMPAIGNS_IN_MEMORY = 200;

	private final Map<Long, Map<Long, String>> linksByCampaign = new ConcurrentHashMap<>();

	private String linkOf(long campaignId, long articleId) {
		Map<Long, String> links = linksByCampaign.get(campaignId);
		String url = links == null ? null : links.get(articleId);
		if (url != null) {
			return url;
		}
		Map<Long, String> loaded = new HashMap<>();
		jdbc.sql("SELECT article_id, url FROM delivery_link WHERE campaign_id = ?")
			.param(campaignId)
			.query((rs, row) -> loaded.put(rs.getLong(1), rs.getString(2)))
			.list();
		if (!loaded.isEmpty()) {
			if (linksByCampaign.size() >= CAMPAIGNS_IN_MEMORY) {
				linksByCampaign.clear();
			}
			linksByCampaign.put(campaignId, Map.copyOf(loaded));
		}
		return loaded.get(articleId);
	}

}
