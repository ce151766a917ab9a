package dev.glowletter.engagement;

import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.glowletter.CsvCells;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the click tracker recorded (and the open pixels, where opens are counted), as the
 * admin pages, the API and the reader's data export read it. Figures count readers'
 * clicks only: machine clicks (see {@link #READERS_CLICK}) are counted apart.
 */
@Service
public class Clicks {

	/**
	 * A copy's clicks on two different links within this many seconds are a scanner's:
	 * nobody reads two articles that fast.
	 */
	public static final int BURST_SECONDS = 2;

	/** The condition that click {@code c} is a reader's, not a machine's. */
	static final String READERS_CLICK = """
			c.machine_reason IS NULL AND NOT EXISTS (SELECT 1 FROM click o WHERE o.delivery_id = c.delivery_id
			  AND o.article_id <> c.article_id
			  AND o.clicked_at BETWEEN c.clicked_at - INTERVAL '%1$d' SECOND
			                       AND c.clicked_at + INTERVAL '%1$d' SECOND)""".formatted(BURST_SECONDS);

	/** The hours of the report's chart, from the campaign's start. */
	public static final int CHART_HOURS = 72;

	private final JdbcClient jdbc;

	private final Clock clock;

	Clicks(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** One article's line of a campaign report. */
	public record ArticleClicks(long articleId, String title, String url, int clicks, int readers) {
	}

	/**
	 * A campaign's clicks: readers who clicked (once each), their clicks, the click rate
	 * of the copies delivered, machine clicks apart, per article, and per hour of the
	 * first {@value #CHART_HOURS} from {@code startedAt}.
	 */
	public record CampaignClicks(int delivered, int readers, int clicks, int machineClicks,
			List<ArticleClicks> articles, int[] perHour, int openers, int opens) {

		/**
		 * Readers who opened (their copy's pixel loaded), per hundred copies delivered.
		 */
		public double openRate() {
			return delivered == 0 ? 0 : 100.0 * openers / delivered;
		}

		/** Readers who clicked, per hundred copies delivered. */
		public double clickRate() {
			return delivered == 0 ? 0 : 100.0 * readers / delivered;
		}

		/** The busiest hour's clicks, for the chart's scale (at least 1). */
		public int peakHour() {
			int peak = 1;
			for (int n : perHour) {
				peak = Math.max(peak, n);
			}
			return peak;
		}
	}

	@Transactional(readOnly = true)
	public CampaignClicks ofCampaign(long campaignId, Instant startedAt) {
		int delivered = jdbc.sql("SELECT COUNT(*) FROM delivery WHERE campaign_id = ? AND status = 'SENT'")
			.param(campaignId)
			.query(Integer.class)
			.single();
		int[] totals = jdbc.sql("SELECT COUNT(DISTINCT CASE WHEN " + READERS_CLICK + " THEN c.subscriber_id END), "
				+ "COUNT(CASE WHEN " + READERS_CLICK + " THEN 1 END), COUNT(*) FROM click c WHERE c.campaign_id = ?")
			.param(campaignId)
			.query((rs, row) -> new int[] { rs.getInt(1), rs.getInt(2), rs.getInt(3) })
			.single();
		List<ArticleClicks> articles = jdbc.sql("""
				SELECT c.article_id, MAX(a.title), MAX(l.url), COUNT(*), COUNT(DISTINCT c.subscriber_id)
				FROM click c LEFT JOIN article a ON a.id = c.article_id
				LEFT JOIN delivery_link l ON l.campaign_id = c.campaign_id AND l.article_id = c.article_id
				WHERE c.campaign_id = ? AND\s""" + READERS_CLICK + """
				GROUP BY c.article_id ORDER BY COUNT(DISTINCT c.subscriber_id) DESC, c.article_id""")
			.param(campaignId)
			.query((rs, row) -> new ArticleClicks(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
					rs.getInt(5)))
			.list();
		int[] perHour = new int[CHART_HOURS];
		if (startedAt != null) {
			jdbc.sql("SELECT c.clicked_at FROM click c WHERE c.campaign_id = ? AND c.clicked_at >= ? "
					+ "AND c.clicked_at < ? AND " + READERS_CLICK)
				.params(campaignId, startedAt.atOffset(ZoneOffset.UTC),
						startedAt.plus(Duration.ofHours(CHART_HOURS)).atOffset(ZoneOffset.UTC))
				.query(OffsetDateTime.class)
				.list()
				.forEach(at -> perHour[(int) Duration.between(startedAt, at.toInstant()).toHours()]++);
		}
		int[] opened = jdbc.sql("SELECT COUNT(DISTINCT subscriber_id), COUNT(*) FROM copy_open WHERE campaign_id = ?")
			.param(campaignId)
			.query((rs, row) -> new int[] { rs.getInt(1), rs.getInt(2) })
			.single();
		return new CampaignClicks(delivered, totals[0], totals[1], totals[2] - totals[1], articles, perHour, opened[0],
				opened[1]);
	}

	/** An article most read from the newsletter: readers who clicked it. */
	public record MostRead(long articleId, String title, int readers) {
	}

	/** The articles most readers clicked in the newsletter over the last days. */
	@Transactional(readOnly = true)
	public List<MostRead> mostRead(int days, int limit) {
		return jdbc.sql("""
				SELECT c.article_id, MAX(a.title), COUNT(DISTINCT c.subscriber_id) FROM click c
				LEFT JOIN article a ON a.id = c.article_id
				WHERE c.clicked_at >= :since AND\s""" + READERS_CLICK + """
				 GROUP BY c.article_id ORDER BY COUNT(DISTINCT c.subscriber_id) DESC, c.article_id
				LIMIT :limit""")
			.param("since", clock.instant().minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC))
			.param("limit", limit)
			.query((rs, row) -> new MostRead(rs.getLong(1), rs.getString(2), rs.getInt(3)))
			.list();
	}

	/** One click of a reader, for their history and data export. */
	public record ReaderClick(Instant clickedAt, long campaignId, long articleId, String title, String url,
			String machineReason) {
	}

	/** When the reader opened which campaign (its pixel loaded), newest first. */
	public record ReaderOpen(Instant openedAt, long campaignId) {
	}

	@Transactional(readOnly = true)
	public List<ReaderOpen> opensOf(long subscriberId) {
		return jdbc.sql(
				"SELECT opened_at, campaign_id FROM copy_open WHERE subscriber_id = ? ORDER BY opened_at DESC, id DESC")
			.param(subscriberId)
			.query((rs, row) -> new ReaderOpen(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2)))
			.list();
	}

	/** The reader's clicks, newest first. */
	@Transactional(readOnly = true)
	public List<ReaderClick> ofReader(long subscriberId) {
		return jdbc.sql("""
				SELECT c.clicked_at, c.campaign_id, c.article_id, a.title, l.url, c.machine_reason FROM click c
				LEFT JOIN article a ON a.id = c.article_id
				LEFT JOIN delivery_link l ON l.campaign_id = c.campaign_id AND l.article_id = c.article_id
				WHERE c.subscriber_id = ? ORDER BY c.clicked_at DESC, c.id DESC""")
			.param(subscriberId)
			.query((rs, row) -> new ReaderClick(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2),
					rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)))
			.list();
	}

	/**
	 * Every click of the campaign, oldest first, readers' and machines' (with why), as
	 * CSV, streamed.
	 */
	@Transactional(readOnly = true)
	public void writeCsv(long campaignId, Writer out) {
		CsvCells.line(out, "clicked_at", "subscriber_id", "article_id", "title", "url", "machine");
		jdbc.sql("""
				SELECT c.clicked_at, c.subscriber_id, c.article_id, a.title, l.url, c.machine_reason,
				  CASE WHEN\s""" + READERS_CLICK + """
				 THEN 0 ELSE 1 END FROM click c
				LEFT JOIN article a ON a.id = c.article_id
				LEFT JOIN delivery_link l ON l.campaign_id = c.campaign_id AND l.article_id = c.article_id
				WHERE c.campaign_id = ? ORDER BY c.clicked_at, c.id""").param(campaignId).query(rs -> {
			String machine = rs.getInt(7) == 0 ? ""
					: rs.getString(6) == null ? "burst of links within " + BURST_SECONDS + " s" : rs.getString(6);
			CsvCells.line(out, rs.getObject(1, OffsetDateTime.class).toInstant().toString(),
					Long.toString(rs.getLong(2)), Long.toString(rs.getLong(3)), CsvCells.cell(rs.getString(4)),
					CsvCells.cell(rs.getString(5)), CsvCells.cell(machine));
		});
		CsvCells.flush(out);
	}

}
