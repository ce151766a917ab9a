package dev.glowletter.subscription;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.glowletter.subscription.internal.Csv;
import dev.glowletter.subscription.internal.SubscriptionProperties;
import dev.glowletter.subscription.internal.TopicNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds readers from a CSV file. Each address is checked; addresses already on the list
 * (in any status: an unsubscribed reader is never re-added by an import), repeated in the
 * file, on the suppression list (all three in any case: "Ann@" is "ann@"), or invalid are
 * reported with their line. New readers are confirmed only when the admin states that
 * they hold their consent; otherwise each gets the confirmation e-mail. Rows go in
 * chunks, each in its own transaction, so a large file neither holds one huge transaction
 * nor sits in the persistence context. The file is read record by record, twice (to check
 * it whole, then to import it): one that is not UTF-8 text or has a line we cannot read
 * is refused before anything is stored, naming the line. A column may name each reader's
 * topics as the export writes them ({@link TopicNames}); a row naming a topic the list
 * does not have is reported and nothing of it stored. Readers already on the list are
 * left as they are: neither their name, nor their topics, nor their field values change.
 */
@Service
public class SubscriberImport {

	private static final Logger log = LoggerFactory.getLogger(SubscriberImport.class);

	static final int PREVIEW_ROWS = 5;

	static final int MAX_REPORTED = 500;

	private static final int CHUNK = 500;

	/** How much of a long value the preview and the report show. */
	private static final int SHOWN = 80;

	private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]+");

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final Subscriptions subscriptions;

	private final SubscriptionProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ObjectProvider<ReaderFields> readerFields;

	private final ObjectProvider<ReaderTopics> readerTopics;

	SubscriberImport(JdbcClient jdbc, JdbcTemplate batch, Subscriptions subscriptions,
			SubscriptionProperties properties, TransactionTemplate transactions, Clock clock,
			ObjectProvider<ReaderFields> readerFields, ObjectProvider<ReaderTopics> readerTopics) {
		this.jdbc = jdbc;
		this.readerFields = readerFields;
		this.readerTopics = readerTopics;
		this.batch = batch;
		this.subscriptions = subscriptions;
		this.properties = properties;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * The first rows of a file, for the admin to say which column holds what.
	 *
	 * @param topicsColumn the column headed "topics" (as the export heads it), or -1
	 * @param timeZoneColumn the column headed "timeZone" (or "time zone"), or -1
	 */
	public record Preview(List<String> columns, List<List<String>> rows, int emailColumn, int nameColumn, int totalRows,
			int topicsColumn, int timeZoneColumn) {

		/** Without a time zone column. */
		public Preview(List<String> columns, List<List<String>> rows, int emailColumn, int nameColumn, int totalRows,
				int topicsColumn) {
			this(columns, rows, emailColumn, nameColumn, totalRows, topicsColumn, -1);
		}

		/** Without a topics column. */
		public Preview(List<String> columns, List<List<String>> rows, int emailColumn, int nameColumn, int totalRows) {
			this(columns, rows, emailColumn, nameColumn, totalRows, -1);
		}
	}

	/**
	 * Reads the head of a CSV file (UTF-8; comma or semicolon). When the first row holds
	 * no address it is taken as the header.
	 * @throws IllegalArgumentException when the file holds no rows, is not UTF-8 text, or
	 * has a line we cannot read (the message names it)
	 */
	public Preview preview(byte[] csv) {
		Scan scan = scan(csv);
		if (scan.head().isEmpty()) {
			throw new IllegalArgumentException("The file is empty.");
		}
		Csv.Record first = scan.head().get(0);
		boolean header = hasHeader(first);
		int width = scan.head().stream().mapToInt(r -> r.fields().size()).max().orElse(1);
		List<String> columns = new ArrayList<>();
		for (int i = 0; i < width; i++) {
			columns.add(header && i < first.fields().size() && !first.field(i).isBlank() ? shown(first.field(i))
					: "Column " + (i + 1));
		}
		List<Csv.Record> data = header ? scan.head().subList(1, scan.head().size()) : scan.head();
		int email = -1;
		int name = -1;
		int topics = -1;
		int zone = -1;
		for (int i = 0; i < columns.size(); i++) {
			String column = columns.get(i).toLowerCase(Locale.ROOT);
			if (header && topics < 0 && column.strip().equals("topics")) {
				topics = i;
			}
			else if (header && zone < 0 && column.strip().replaceAll("[ _]", "").equals("timezone")) {
				zone = i;
			}
			else if (email < 0 && column.contains("mail")) {
				email = i;
			}
			else if (name < 0 && column.contains("name") && !column.contains("last")) {
				name = i;
			}
		}
		if (email < 0 && !data.isEmpty()) {
			for (int i = 0; i < data.get(0).fields().size(); i++) {
				if (data.get(0).field(i).contains("@")) {
					email = i;
					break;
				}
			}
		}
		List<List<String>> rows = data.stream()
			.limit(PREVIEW_ROWS)
			.map(r -> r.fields().stream().map(SubscriberImport::shown).toList())
			.toList();
		return new Preview(columns, rows, Math.max(0, email), name, scan.records() - (header ? 1 : 0), topics, zone);
	}

	/** The first records of a file and how many it has in all. */
	private record Scan(List<Csv.Record> head, int records) {
	}

	/**
	 * Reads the whole file once, keeping only its head: it must be UTF-8 text, and every
	 * line one we can read.
	 */
	private static Scan scan(byte[] csv) {
		int line = Csv.firstLineNotUtf8(csv);
		if (line > 0) {
			throw new IllegalArgumentException(
					"Line " + line + " is not UTF-8 text. Save the file as “CSV UTF-8” and upload it again.");
		}
		line = Csv.firstLineWithNul(csv);
		if (line > 0) {
			throw new IllegalArgumentException(
					"Line " + line + " holds a NUL character, so this is no CSV text (a spreadsheet saved as UTF-16?). "
							+ "Save the file as “CSV UTF-8” and upload it again.");
		}
		List<Csv.Record> head = new ArrayList<>();
		int[] records = { 0 };
		Csv.read(csv, record -> {
			if (record.flaw() == Csv.Flaw.TOO_WIDE) {
				throw new IllegalArgumentException("Line " + record.line() + " has more than "
						+ thousands(Csv.MAX_COLUMNS) + " columns. A file of readers has one reader per line.");
			}
			if (record.flaw() == Csv.Flaw.UNCLOSED_QUOTE) {
				throw new IllegalArgumentException(
						"Line " + record.line() + " opens a quote (\") that never closes, so the rest of the file "
								+ "would be one value. Close the quote and upload the file again.");
			}
			if (head.size() <= PREVIEW_ROWS) {
				head.add(record);
			}
			records[0]++;
		});
		return new Scan(head, records[0]);
	}

	private static boolean hasHeader(Csv.Record first) {
		return first.fields().stream().noneMatch(f -> f.contains("@"));
	}

	/**
	 * @param emailColumn the column (from 0) that holds the address
	 * @param nameColumn the column of the first name, or -1 for none
	 * @param consentHeld the admin states that each reader in the file consented: they
	 * are added as confirmed; otherwise each is sent a confirmation e-mail
	 * @param fieldColumns the columns that hold custom field values: column (from 0) to
	 * the field's key
	 * @param topicsColumn the column that names each reader's topics (names separated by
	 * semicolons, as the export writes them; empty: everything), or -1 for none
	 * @param timeZoneColumn the column of each reader's time zone (e.g. Europe/Paris;
	 * empty: the list's), or -1 for none
	 */
	public record Options(int emailColumn, int nameColumn, boolean consentHeld, Map<Integer, String> fieldColumns,
			int topicsColumn, int timeZoneColumn) {

		public Options {
			fieldColumns = fieldColumns == null ? Map.of() : Map.copyOf(fieldColumns);
		}

		/** Without a time zone column. */
		public Options(int emailColumn, int nameColumn, boolean consentHeld, Map<Integer, String> fieldColumns,
				int topicsColumn) {
			this(emailColumn, nameColumn, consentHeld, fieldColumns, topicsColumn, -1);
		}

		/** Without a topics column. */
		public Options(int emailColumn, int nameColumn, boolean consentHeld, Map<Integer, String> fieldColumns) {
			this(emailColumn, nameColumn, consentHeld, fieldColumns, -1);
		}

		/** Without custom fields. */
		public Options(int emailColumn, int nameColumn, boolean consentHeld) {
			this(emailColumn, nameColumn, consentHeld, Map.of());
		}
	}

	/** A row that was not imported, and why. */
	public record Problem(int line, String value, String reason) {
	}

	/**
	 * What an import did. Each list of problems names at most 500 rows; the counts are
	 * complete.
	 *
	 * @param confirmationsSent new readers who were sent a confirmation e-mail (no
	 * consent held)
	 */
	public record Report(int rows, int imported, int confirmationsSent, int duplicates, int suppressed, int invalid,
			List<Problem> duplicateRows, List<Problem> suppressedRows, List<Problem> invalidRows) {
	}

	/** Imports the file (header detected as in {@link #preview}). */
	public Report importCsv(byte[] csv, Options options) {
		return importCsv(csv, options, (done, total) -> {
		});
	}

	/** Told how far an import got: rows read so far, of how many. */
	public interface Progress {

		void at(int done, int total);

	}

	/**
	 * Imports the file, telling {@code progress} after each chunk of rows.
	 * @throws IllegalArgumentException as {@link #preview} does, before anything is
	 * imported
	 */
	public Report importCsv(byte[] csv, Options options, Progress progress) {
		Scan scan = scan(csv);
		boolean header = !scan.head().isEmpty() && hasHeader(scan.head().get(0));
		Instant now = clock.instant();
		int total = scan.records() - (header ? 1 : 0);
		progress.at(0, total);
		Counter counter = new Counter();
		ReaderFields fields = readerFields.getIfAvailable();
		Function<Map<String, String>, Map<String, String>> checker = options.fieldColumns().isEmpty() ? null
				: fields != null ? fields.importChecker()
						: values -> Map.of("fields", "There are no fields " + values.keySet() + ".");
		TopicNames topicNames = options.topicsColumn() < 0 ? null : topicNames();
		Set<String> seen = new HashSet<>();
		Map<String, Candidate> chunk = new LinkedHashMap<>();
		int[] read = { 0 };
		Csv.read(csv, record -> {
			if (read[0]++ == 0 && header) {
				return;
			}
			Candidate candidate = candidate(record, options, checker, topicNames, seen, counter);
			if (candidate == null) {
				return;
			}
			chunk.put(candidate.email().key(), candidate);
			if (chunk.size() == CHUNK) {
				importChunk(chunk, options, now, counter);
				chunk.clear();
				progress.at(counter.rows, total);
			}
		});
		if (!chunk.isEmpty()) {
			importChunk(chunk, options, now, counter);
		}
		progress.at(total, total);
		log.info(
				"CSV import: {} rows, {} imported ({} sent a confirmation e-mail), {} duplicate, {} suppressed, {} "
						+ "invalid",
				counter.rows, counter.imported, counter.confirmationsSent, counter.duplicates, counter.suppressed,
				counter.invalid);
		return new Report(counter.rows, counter.imported, counter.confirmationsSent, counter.duplicates,
				counter.suppressed, counter.invalid, counter.duplicateRows, counter.suppressedRows,
				counter.invalidRows);
	}

	/** The list's topics by name, read once for the many rows of one import. */
	private TopicNames topicNames() {
		ReaderTopics topics = readerTopics.getIfAvailable();
		Map<String, Long> byName = new HashMap<>();
		if (topics != null) {
			topics.offered().forEach(topic -> byName.put(topic.name(), topic.id()));
		}
		return new TopicNames(byName);
	}

	/**
	 * The row's reader, or null when the row is invalid or repeats an earlier one (then
	 * it is counted and reported).
	 */
	private static Candidate candidate(Csv.Record record, Options options,
			Function<Map<String, String>, Map<String, String>> checker, TopicNames topicNames, Set<String> seen,
			Counter counter) {
		counter.rows++;
		String raw = record.field(options.emailColumn());
		EmailAddress email;
		try {
			if (record.cut(options.emailColumn())) {
				throw new EmailAddress.Invalid(
						"The value is too long: over " + thousands(Csv.MAX_FIELD) + " characters.");
			}
			email = EmailAddress.parse(raw);
		}
		catch (EmailAddress.Invalid ex) {
			counter.invalid++;
			add(counter.invalidRows, new Problem(record.line(), shown(raw),
					raw.isBlank() ? "No address in this row." : ex.getMessage()));
			return null;
		}
		Map<String, String> values = new LinkedHashMap<>();
		options.fieldColumns().forEach((column, key) -> values.put(key, record.field(column)));
		Map<String, String> problems = new LinkedHashMap<>(checker == null ? Map.of() : checker.apply(values));
		TopicNames.Read topics = topicNames == null ? new TopicNames.Read(List.of(), List.of())
				: topicNames.read(record.field(options.topicsColumn()));
		if (!topics.unknown().isEmpty()) {
			problems.put("topics", "Topics: the list has no topic "
					+ topics.unknown().stream().map(name -> "“" + name + "”").collect(Collectors.joining(", ")) + ".");
		}
		String zone = options.timeZoneColumn() < 0 ? "" : record.field(options.timeZoneColumn()).strip();
		if (!zone.isEmpty() && ReaderTimeZones.region(zone).isEmpty()) {
			problems.put("timeZone", "Time zone: “" + cut(zone, 60) + "” is not one of the tz database, e.g. "
					+ "Europe/Paris; leave it empty for the list's.");
		}
		if (!problems.isEmpty()) {
			// nothing of the row is stored: not the reader without their values either
			counter.invalid++;
			add(counter.invalidRows,
					new Problem(record.line(), email.toUnicode(), shown(String.join(" ", problems.values()))));
			return null;
		}
		if (!seen.add(email.key())) {
			counter.duplicates++;
			add(counter.duplicateRows, new Problem(record.line(), email.toUnicode(), "Appears earlier in the file."));
			return null;
		}
		return new Candidate(record.line(), email,
				options.nameColumn() >= 0 ? firstName(record.field(options.nameColumn())) : null, values,
				topics.topicIds(), zone.isEmpty() ? null : zone);
	}

	/**
	 * The name on one line (a line break would travel into the To header), at most 100
	 * characters; null when blank.
	 */
	private static String firstName(String raw) {
		String name = CONTROL.matcher(raw).replaceAll(" ").strip();
		return name.isEmpty() ? null : cut(name, 100);
	}

	private record Candidate(int line, EmailAddress email, String firstName, Map<String, String> fields,
			List<Long> topicIds, String timeZone) {
	}

	private static final class Counter {

		int rows;

		int imported;

		int confirmationsSent;

		int duplicates;

		int suppressed;

		int invalid;

		final List<Problem> duplicateRows = new ArrayList<>();

		final List<Problem> suppressedRows = new ArrayList<>();

		final List<Problem> invalidRows = new ArrayList<>();

	}

	private void importChunk(Map<String, Candidate> chunk, Options options, Instant now, Counter counter) {
		transactions.executeWithoutResult(status -> {
			// by key: a reader on the list as "Ann@" is the reader the file names "ann@"
			Map<String, String> known = new HashMap<>();
			jdbc.sql("SELECT email_key, status FROM subscriber WHERE email_key IN (:keys)")
				.param("keys", chunk.keySet())
				.query(rs -> {
					known.put(rs.getString("email_key"), rs.getString("status"));
				});
			Map<String, Candidate> byHash = new HashMap<>();
			chunk.values().forEach(c -> byHash.put(c.email().hash(), c));
			Set<String> suppressed = new HashSet<>(
					jdbc.sql("SELECT email_hash FROM suppression WHERE email_hash IN (:hashes)")
						.param("hashes", byHash.keySet())
						.query(String.class)
						.list());
			List<Candidate> fresh = new ArrayList<>();
			for (Candidate candidate : chunk.values()) {
				String existing = known.get(candidate.email().key());
				if (existing != null) {
					counter.duplicates++;
					add(counter.duplicateRows, new Problem(candidate.line(), candidate.email().toUnicode(),
							"Already on the list (" + existing.toLowerCase(Locale.ROOT) + ")."));
				}
				else if (suppressed.contains(candidate.email().hash())) {
					counter.suppressed++;
					add(counter.suppressedRows,
							new Problem(candidate.line(), candidate.email().toUnicode(),
									"On the suppression list (erased at the reader's request, or they called our mail "
											+ "spam): only the reader can subscribe again."));
				}
				else {
					fresh.add(candidate);
				}
			}
			if (options.consentHeld()) {
				insertConfirmed(fresh, now);
				counter.imported += fresh.size();
			}
			else {
				for (Candidate candidate : fresh) {
					subscriptions.subscribe(new SubscribeRequest(candidate.email(), candidate.firstName(),
							ConsentSource.IMPORT, null, "CSV import by an admin (consent to be confirmed by e-mail)",
							candidate.topicIds(), candidate.fields(), candidate.timeZone()));
				}
				counter.imported += fresh.size();
				counter.confirmationsSent += fresh.size();
			}
		});
	}

	private void insertConfirmed(List<Candidate> fresh, Instant now) {
		if (fresh.isEmpty()) {
			return;
		}
		batch.batchUpdate("""
				INSERT INTO subscriber (email, first_name, status, created_at, status_changed_at,
				confirmed_at, token_version, version, time_zone)
				VALUES (?, ?, 'CONFIRMED', ?, ?, ?, 1, 0, ?)""", fresh, fresh.size(), (ps, c) -> {
			ps.setString(1, c.email().value());
			ps.setString(2, c.firstName());
			ps.setObject(3, now.atOffset(ZoneOffset.UTC));
			ps.setObject(4, now.atOffset(ZoneOffset.UTC));
			ps.setObject(5, now.atOffset(ZoneOffset.UTC));
			ps.setString(6, c.timeZone());
		});
		Map<String, Long> idsByKey = new HashMap<>();
		jdbc.sql("SELECT id, email_key FROM subscriber WHERE email_key IN (:keys)")
			.param("keys", fresh.stream().map(c -> c.email().key()).toList())
			.query(rs -> {
				idsByKey.put(rs.getString("email_key"), rs.getLong("id"));
			});
		List<Long> ids = List.copyOf(idsByKey.values());
		Map<Long, Map<String, String>> values = new HashMap<>();
		fresh.stream()
			.filter(c -> !c.fields().isEmpty())
			.forEach(c -> values.put(idsByKey.get(c.email().key()), c.fields()));
		ReaderFields fields = readerFields.getIfAvailable();
		if (fields != null && !values.isEmpty()) {
			fields.storeAll(values);
		}
		Map<Long, List<Long>> chosen = new HashMap<>();
		fresh.stream()
			.filter(c -> !c.topicIds().isEmpty())
			.forEach(c -> chosen.put(idsByKey.get(c.email().key()), c.topicIds()));
		ReaderTopics topics = readerTopics.getIfAvailable();
		if (topics != null && !chosen.isEmpty()) {
			topics.chooseAll(chosen);
		}
		String consentText = subscriptions.consentText();
		batch.batchUpdate("""
				INSERT INTO consent (subscriber_id, given_at, ip, user_agent, source, consent_text,
				consent_text_version)
				VALUES (?, ?, NULL, 'CSV import: the admin stated that they hold this consent', 'IMPORT', ?, ?)""", ids,
				ids.size(), (ps, id) -> {
					ps.setLong(1, id);
					ps.setObject(2, now.atOffset(ZoneOffset.UTC));
					ps.setString(3, consentText);
					ps.setString(4, properties.consentVersion());
				});
		batch.batchUpdate(
				"INSERT INTO subscriber_event (subscriber_id, type, occurred_at, detail) VALUES (?, 'CONFIRMED', ?, "
						+ "'CSV import with consent held')",
				ids, ids.size(), (ps, id) -> {
					ps.setLong(1, id);
					ps.setObject(2, now.atOffset(ZoneOffset.UTC));
				});
	}

	private static void add(List<Problem> problems, Problem problem) {
		if (problems.size() < MAX_REPORTED) {
			problems.add(problem);
		}
	}

	private static String thousands(int number) {
		return String.format(Locale.ENGLISH, "%,d", number);
	}

	/**
	 * A value as the preview and the report show it: its beginning only, when it is long.
	 */
	private static String shown(String value) {
		return value.length() <= SHOWN ? value : cut(value, SHOWN) + "…";
	}

	/** At most {@code max} characters, never half of a surrogate pair. */
	private static String cut(String value, int max) {
		if (value.length() <= max) {
			return value;
		}
		return value.substring(0, Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max);
	}

}
