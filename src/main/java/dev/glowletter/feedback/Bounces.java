package dev.glowletter.feedback;

import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.glowletter.CsvCells;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bounces and complaints heard so far, as the reports, the dashboard and the API show
 * them. The module's facade for reading; what comes in goes through its intake.
 */
@Service
public class Bounces {

	/** Complaints per delivered copy above which Gmail starts to throttle: a warning. */
	public static final double COMPLAINT_WARNING = 0.1;

	/** Gmail's limit for bulk senders' complaint rate: an alarm. */
	public static final double COMPLAINT_ALARM = 0.3;

	/** Bounces per delivered copy above which a list needs cleaning: a warning. */
	public static final double BOUNCE_WARNING = 2.0;

	private final JdbcClient jdbc;

	Bounces(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One bounce or complaint.
	 *
	 * @param kind {@code HARD}, {@code SOFT} or {@code COMPLAINT}
	 * @param source {@code SMTP} (said during the transaction), {@code MAILBOX} (a report
	 * mailed back), or the provider whose webhook told
	 * @param campaignId null for transactional mail or when nobody could tell
	 */
	public record Bounce(long id, long subscriberId, Long campaignId, String kind, String source, String recipient,
			String status, String diagnostic, Instant occurredAt) {
	}

	/** A campaign's counts. */
	public record Counts(int hard, int soft, int complaints) {

		public static final Counts NONE = new Counts(0, 0, 0);

		/** Hard and soft bounces per delivered copy, in percent. */
		public double bounceRate(int delivered) {
			return percent(hard + soft, delivered);
		}

		/** Complaints per delivered copy, in percent. */
		public double complaintRate(int delivered) {
			return percent(complaints, delivered);
		}

		/**
		 * {@code alarm}, {@code warning} or {@code ok}, by Gmail's thresholds for bulk
		 * senders.
		 */
		public String level(int delivered) {
			double complaintRate = complaintRate(delivered);
			if (complaintRate > COMPLAINT_ALARM) {
				return "alarm";
			}
			return complaintRate > COMPLAINT_WARNING || bounceRate(delivered) > BOUNCE_WARNING ? "warning" : "ok";
		}

		private static double percent(int part, int whole) {
			return whole <= 0 ? 0 : 100.0 * part / whole;
		}

	}

	/** How often one diagnostic came back for a campaign. */
	public record Diagnostic(String kind, String status, String diagnostic, int count) {
	}

	@Transactional(readOnly = true)
	public Counts countsOf(long campaignId) {
		return countsOf(List.of(campaignId)).getOrDefault(campaignId, Counts.NONE);
	}

	/** The counts of each campaign named that has any. */
	@Transactional(readOnly = true)
	public Map<Long, Counts> countsOf(Collection<Long> campaignIds) {
		Map<Long, int[]> counts = new HashMap<>();
		if (!campaignIds.isEmpty()) {
			jdbc.sql("SELECT campaign_id, kind, COUNT(*) AS n FROM bounce WHERE campaign_id IN (:ids) "
					+ "GROUP BY campaign_id, kind")
				.param("ids", campaignIds)
				.query(rs -> {
					int[] c = counts.computeIfAbsent(rs.getLong("campaign_id"), id -> new int[3]);
					c[switch (rs.getString("kind")) {
						case "HARD" -> 0;
						case "SOFT" -> 1;
						default -> 2;
					}] += rs.getInt("n");
				});
		}
		Map<Long, Counts> result = new HashMap<>();
		counts.forEach((id, c) -> result.put(id, new Counts(c[0], c[1], c[2])));
		return result;
	}

	/** The campaign's diagnostics, the most frequent first. */
	@Transactional(readOnly = true)
	public List<Diagnostic> diagnosticsOf(long campaignId, int limit) {
		return jdbc.sql("""
				SELECT kind, status, diagnostic, COUNT(*) AS n FROM bounce WHERE campaign_id = :id
				GROUP BY kind, status, diagnostic ORDER BY n DESC, kind, status FETCH FIRST :limit ROWS ONLY""")
			.param("id", campaignId)
			.param("limit", limit)
			.query((rs, row) -> new Diagnostic(rs.getString("kind"), rs.getString("status"), rs.getString("diagnostic"),
					rs.getInt("n")))
			.list();
	}

	/**
	 * A page of bounces, newest first, of one kind and campaign when they are given
	 * (null: all).
	 */
	@Transactional(readOnly = true)
	public List<Bounce> page(String kind, Long campaignId, int page, int size) {
		return jdbc.sql("""
				SELECT id, subscriber_id, campaign_id, kind, source, recipient, status, diagnostic, occurred_at
				FROM bounce WHERE (CAST(:kind AS VARCHAR(10)) IS NULL OR kind = :kind)
				AND (CAST(:campaign AS BIGINT) IS NULL OR campaign_id = :campaign)
				ORDER BY id DESC OFFSET :offset ROWS FETCH NEXT :size ROWS ONLY""")
			.param("kind", kind == null ? null : kind.toUpperCase(Locale.ROOT))
			.param("campaign", campaignId)
			.param("offset", (long) page * size)
			.param("size", size)
			.query(Bounces::bounce)
			.list();
	}

	/** A reader's bounces and complaints, newest first. */
	@Transactional(readOnly = true)
	public List<Bounce> ofReader(long subscriberId) {
		return jdbc.sql("""
				SELECT id, subscriber_id, campaign_id, kind, source, recipient, status, diagnostic, occurred_at
				FROM bounce WHERE subscriber_id = ? ORDER BY id DESC FETCH FIRST 100 ROWS ONLY""")
			.param(subscriberId)
			.query(Bounces::bounce)
			.list();
	}

	/**
	 * Writes the campaign's bounces and complaints as CSV (RFC 4180), oldest first; cells
	 * that a spreadsheet would take for a formula are quoted with a leading apostrophe.
	 */
	@Transactional(readOnly = true)
	public void writeCsv(long campaignId, Writer out) {
		CsvCells.line(out, "occurred_at", "kind", "source", "subscriber_id", "recipient", "status", "diagnostic");
		jdbc.sql("""
				SELECT id, subscriber_id, campaign_id, kind, source, recipient, status, diagnostic, occurred_at
				FROM bounce WHERE campaign_id = ? ORDER BY id""").param(campaignId).query(rs -> {
			Bounce b = bounce(rs, 0);
			CsvCells.line(out, b.occurredAt().toString(), b.kind(), b.source(), Long.toString(b.subscriberId()),
					CsvCells.cell(b.recipient()), CsvCells.cell(b.status()), CsvCells.cell(b.diagnostic()));
		});
		CsvCells.flush(out);
	}

	private static Bounce bounce(ResultSet rs, int row) throws SQLException {
		long campaign = rs.getLong("campaign_id");
		Long campaignId = rs.wasNull() ? null : campaign;
		return new Bounce(rs.getLong("id"), rs.getLong("subscriber_id"), campaignId, rs.getString("kind"),
				rs.getString("source"), rs.getString("recipient"), rs.getString("status"), rs.getString("diagnostic"),
				rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
	}

}
