package dev.glowletter.subscription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.subscription.internal.Csv;
import dev.glowletter.subscription.internal.SubscriberEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin's view of all readers: search with paging, one reader's consent and history,
 * the list's figures for the dashboard, and the CSV export. Plain SQL, so it stays quick
 * with a hundred thousand readers.
 */
@Service
@Transactional(readOnly = true)
public class SubscriberDirectory {

	static final int MAX_PAGE_SIZE = 200;

	private final JdbcClient jdbc;

	private final Subscriptions subscriptions;

	private final Clock clock;

	private final ObjectProvider<ReaderTopics> readerTopics;

	private final ObjectProvider<ReaderFields> readerFields;

	SubscriberDirectory(JdbcClient jdbc, Subscriptions subscriptions, Clock clock,
			ObjectProvider<ReaderTopics> readerTopics, ObjectProvider<ReaderFields> readerFields) {
		this.jdbc = jdbc;
		this.subscriptions = subscriptions;
		this.clock = clock;
		this.readerTopics = readerTopics;
		this.readerFields = readerFields;
	}

	/**
	 * What to look for: part of the address or first name (case-insensitive), and a
	 * status; both optional.
	 */
	public record Filter(String query, SubscriberStatus status) {

		public Filter {
			query = query == null || query.isBlank() ? null : query.strip();
		}
	}

	/** One reader in a list. */
	public record Row(long id, String email, String firstName, SubscriberStatus status, Instant createdAt,
			Instant statusChangedAt) {
	}

	/** One page of readers, newest first. */
	public record Page(List<Row> items, int page, int size, long totalItems, int totalPages) {

		public boolean hasPrevious() {
			return page > 0;
		}

		public boolean hasNext() {
			return page + 1 < totalPages;
		}
	}

	/**
	 * Readers matching the filter, newest first; {@code page} counts from 0, {@code size}
	 * is capped at 200.
	 */
	public Page search(Filter filter, int page, int size) {
		int safeSize = Math.min(Math.max(1, size), MAX_PAGE_SIZE);
		int safePage = Math.max(0, page);
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		Map<String, Object> params = new HashMap<>();
		if (filter.status() != null) {
			where.append(" AND status = :status");
			params.put("status", filter.status().name());
		}
		if (filter.query() != null) {
			where.append(" AND (LOWER(email) LIKE :q ESCAPE '\\' OR LOWER(first_name) LIKE :q ESCAPE '\\')");
			params.put("q",
					"%" + filter.query()
						.toLowerCase(Locale.ROOT)
						.replace("\\", "\\\\")
						.replace("%", "\\%")
						.replace("_", "\\_") + "%");
		}
		long total = jdbc.sql("SELECT COUNT(*) FROM subscriber" + where).params(params).query(Long.class).single();
		params.put("limit", safeSize);
		params.put("offset", (long) safePage * safeSize);
		List<Row> rows = jdbc
			.sql("SELECT id, email, first_name, status, created_at, status_changed_at FROM subscriber" + where
					+ " ORDER BY id DESC LIMIT :limit OFFSET :offset")
			.params(params)
			.query(SubscriberDirectory::row)
			.list();
		return new Page(rows, safePage, safeSize, total, (int) Math.max(1, (total + safeSize - 1) / safeSize));
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		return new Row(rs.getLong("id"), new EmailAddress(rs.getString("email")).toUnicode(),
				rs.getString("first_name"), SubscriberStatus.valueOf(rs.getString("status")), instant(rs, "created_at"),
				instant(rs, "status_changed_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	/** One consent the reader gave: when, from where, through what, to which words. */
	public record ConsentRecord(Instant givenAt, String ip, String userAgent, ConsentSource source, String consentText,
			String consentTextVersion) {
	}

	/** One line of a reader's history. */
	public record HistoryEntry(String type, Instant occurredAt, String detail) {
	}

	/** Everything the admin may see of one reader. */
	public record Details(Subscriptions.SubscriberView subscriber, String unsubscribeReason,
			List<ConsentRecord> consents, List<HistoryEntry> history) {
	}

	/**
	 * The reader with their consents and history (oldest first); empty if there is no
	 * such reader.
	 */
	public Optional<Details> details(long id) {
		return subscriptions.find(id)
			.map(view -> new Details(view,
					jdbc.sql("SELECT unsubscribe_reason FROM subscriber WHERE id = ?")
						.param(id)
						.query(String.class)
						.optional()
						.orElse(null),
					jdbc.sql("SELECT given_at, ip, user_agent, source, consent_text, consent_text_version FROM "
							+ "consent WHERE subscriber_id = ? ORDER BY given_at, id")
						.param(id)
						.query((rs, n) -> new ConsentRecord(instant(rs, "given_at"), rs.getString("ip"),
								rs.getString("user_agent"), ConsentSource.valueOf(rs.getString("source")),
								rs.getString("consent_text"), rs.getString("consent_text_version")))
						.list(),
					jdbc.sql("SELECT type, occurred_at, detail FROM subscriber_event WHERE subscriber_id = ? ORDER BY "
							+ "occurred_at, id")
						.param(id)
						.query((rs, n) -> new HistoryEntry(rs.getString("type"), instant(rs, "occurred_at"),
								rs.getString("detail")))
						.list()));
	}

	/** How many readers are in one status. */
	public record StatusCount(SubscriberStatus status, long count) {
	}

	/** One day of the list's growth (UTC days). */
	public record Day(LocalDate date, long confirmations, long unsubscribes) {
	}

	/**
	 * The list's figures over the last {@code days} days.
	 *
	 * @param unsubscribeRate unsubscribes in the period per reader who was confirmed in
	 * it, in percent
	 * @param bounceRate bounced readers per reader who ever confirmed, in percent
	 */
	public record Statistics(List<StatusCount> byStatus, long total, List<Day> days, long confirmations,
			long unsubscribes, double unsubscribeRate, double bounceRate) {

		public long count(String status) {
			return byStatus.stream().filter(s -> s.status().name().equals(status)).mapToLong(StatusCount::count).sum();
		}
	}

	public Statistics statistics(int days) {
		Map<SubscriberStatus, Long> counts = new EnumMap<>(SubscriberStatus.class);
		for (SubscriberStatus status : SubscriberStatus.values()) {
			counts.put(status, 0L);
		}
		jdbc.sql("SELECT status, COUNT(*) AS n FROM subscriber GROUP BY status").query(rs -> {
			counts.put(SubscriberStatus.valueOf(rs.getString("status")), rs.getLong("n"));
		});
		LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
		LocalDate first = today.minusDays(days - 1L);
		Map<LocalDate, long[]> perDay = new HashMap<>();
		jdbc.sql("SELECT type, occurred_at FROM subscriber_event WHERE type IN ('CONFIRMED', 'UNSUBSCRIBED') AND "
				+ "occurred_at >= ?")
			.param(first.atStartOfDay().atOffset(ZoneOffset.UTC))
			.query(rs -> {
				LocalDate day = rs.getObject("occurred_at", OffsetDateTime.class)
					.withOffsetSameInstant(ZoneOffset.UTC)
					.toLocalDate();
				perDay.computeIfAbsent(day, d -> new long[2])[SubscriberEvent.CONFIRMED.equals(rs.getString("type")) ? 0
						: 1]++;
			});
		List<Day> series = new ArrayList<>(days);
		long confirmations = 0;
		long unsubscribes = 0;
		for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
			long[] n = perDay.getOrDefault(day, new long[2]);
			series.add(new Day(day, n[0], n[1]));
			confirmations += n[0];
			unsubscribes += n[1];
		}
		long confirmed = counts.get(SubscriberStatus.CONFIRMED);
		long bounced = counts.get(SubscriberStatus.BOUNCED);
		long everConfirmed = jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE confirmed_at IS NOT NULL")
			.query(Long.class)
			.single();
		double unsubscribeRate = percent(unsubscribes, confirmed + unsubscribes);
		double bounceRate = percent(bounced, everConfirmed);
		List<StatusCount> byStatus = counts.entrySet()
			.stream()
			.map(e -> new StatusCount(e.getKey(), e.getValue()))
			.toList();
		return new Statistics(byStatus, byStatus.stream().mapToLong(StatusCount::count).sum(), series, confirmations,
				unsubscribes, unsubscribeRate, bounceRate);
	}

	private static double percent(long part, long whole) {
		return whole == 0 ? 0 : Math.round(part * 1000.0 / whole) / 10.0;
	}

	/** Readers written per round of the export: three queries each. */
	private static final int EXPORT_CHUNK = 1000;

	/**
	 * Writes every reader as CSV (header first): their topics (names, "; " between;
	 * empty: everything) and one column per custom field, named by its key. A thousand
	 * readers at a time, with their topics and values in one query each, so the export
	 * never sits in memory. Cells that a spreadsheet would run as a formula are quoted
	 * with a leading apostrophe.
	 */
	public void exportCsv(Writer out) {
		ReaderTopics topics = readerTopics.getIfAvailable();
		ReaderFields fields = readerFields.getIfAvailable();
		List<String> keys = fields == null ? List.of()
				: fields.defined().stream().map(ReaderFields.Definition::key).toList();
		List<String> header = new ArrayList<>(
				List.of("email", "first_name", "status", "created_at", "confirmed_at", "unsubscribed_at", "topics"));
		header.addAll(keys);
		write(out, Csv.line(header.toArray(String[]::new)));
		long after = 0;
		while (true) {
			List<String[]> rows = new ArrayList<>();
			List<Long> ids = new ArrayList<>();
			jdbc.sql("SELECT id, email, first_name, status, created_at, confirmed_at, unsubscribed_at FROM subscriber "
					+ "WHERE id > ? ORDER BY id FETCH FIRST " + EXPORT_CHUNK + " ROWS ONLY")
				.param(after)
				.query(rs -> {
					ids.add(rs.getLong("id"));
					rows.add(new String[] { new EmailAddress(rs.getString("email")).toUnicode(),
							rs.getString("first_name"), rs.getString("status"), text(instant(rs, "created_at")),
							text(instant(rs, "confirmed_at")), text(instant(rs, "unsubscribed_at")) });
				});
			if (ids.isEmpty()) {
				return;
			}
			Map<Long, List<String>> chosen = topics == null ? Map.of() : topics.chosenNames(ids);
			Map<Long, Map<String, String>> values = fields == null || keys.isEmpty() ? Map.of() : fields.values(ids);
			for (int i = 0; i < ids.size(); i++) {
				List<String> cells = new ArrayList<>(Arrays.asList(rows.get(i)));
				cells.add(String.join("; ", chosen.getOrDefault(ids.get(i), List.of())));
				Map<String, String> own = values.getOrDefault(ids.get(i), Map.of());
				keys.forEach(key -> cells.add(own.getOrDefault(key, "")));
				write(out, Csv.line(cells.toArray(String[]::new)));
			}
			after = ids.get(ids.size() - 1);
		}
	}

	private static void write(Writer out, String line) {
		try {
			out.write(line);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String text(Instant instant) {
		return instant == null ? "" : instant.toString();
	}

}
