package dev.glowletter.subscription;

import java.nio.charset.StandardCharsets;
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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds readers from a CSV file. Each address is checked; addresses already on the list (in any
 * status: an unsubscribed reader is never re-added by an import), repeated in the file, on the
 * suppression list, or invalid are reported with their line. New readers are confirmed only when
 * the admin states that they hold their consent; otherwise each gets the confirmation e-mail.
 * Rows go in chunks, each in its own transaction, so a large file neither holds one huge
 * transaction nor sits in the persistence context.
 */
@Service
public class SubscriberImport {

	private static final Logger log = LoggerFactory.getLogger(SubscriberImport.class);

	static final int PREVIEW_ROWS = 5;

	static final int MAX_REPORTED = 500;

	private static final int CHUNK = 500;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final Subscriptions subscriptions;

	private final SubscriptionProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	SubscriberImport(JdbcClient jdbc, JdbcTemplate batch, Subscriptions subscriptions, SubscriptionProperties properties,
			TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.subscriptions = subscriptions;
		this.properties = properties;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** The first rows of a file, for the admin to say which column holds what. */
	public record Preview(List<String> columns, List<List<String>> rows, int emailColumn, int nameColumn, int totalRows) {
	}

	/**
	 * Reads the head of a CSV file (UTF-8; comma or semicolon). When the first row holds no address
	 * it is taken as the header.
	 *
	 * @throws IllegalArgumentException when the file holds no rows
	 */
	public Preview preview(byte[] csv) {
		List<Csv.Record> records = Csv.parse(text(csv), Integer.MAX_VALUE);
		if (records.isEmpty()) {
			throw new IllegalArgumentException("The file is empty.");
		}
		boolean header = hasHeader(records.get(0));
		int width = records.stream().limit(PREVIEW_ROWS + 1L).mapToInt(r -> r.fields().size()).max().orElse(1);
		List<String> columns = new ArrayList<>();
		for (int i = 0; i < width; i++) {
			columns.add(header && i < records.get(0).fields().size() && !records.get(0).field(i).isBlank() ? records.get(0).field(i)
					: "Column " + (i + 1));
		}
		List<Csv.Record> data = header ? records.subList(1, records.size()) : records;
		int email = -1;
		int name = -1;
		for (int i = 0; i < columns.size(); i++) {
			String column = columns.get(i).toLowerCase(Locale.ROOT);
			if (email < 0 && column.contains("mail")) {
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
		return new Preview(columns, data.stream().limit(PREVIEW_ROWS).map(Csv.Record::fields).toList(), Math.max(0, email), name,
				data.size());
	}

	private static boolean hasHeader(Csv.Record first) {
		return first.fields().stream().noneMatch(f -> f.contains("@"));
	}

	/**
	 * @param emailColumn the column (from 0) that holds the address
	 * @param nameColumn the column of the first name, or -1 for none
	 * @param consentHeld the admin states that each reader in the file consented: they are added
	 *                    as confirmed; otherwise each is sent a confirmation e-mail
	 */
	public record Options(int emailColumn, int nameColumn, boolean consentHeld) {
	}

	/** A row that was not imported, and why. */
	public record Problem(int line, String value, String reason) {
	}

	/**
	 * What an import did. Each list of problems names at most 500 rows; the counts are complete.
	 *
	 * @param confirmationsSent new readers who were sent a confirmation e-mail (no consent held)
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

	/** Imports the file, telling {@code progress} after each chunk of rows. */
	public Report importCsv(byte[] csv, Options options, Progress progress) {
		List<Csv.Record> records = Csv.parse(text(csv), Integer.MAX_VALUE);
		if (!records.isEmpty() && hasHeader(records.get(0))) {
			records = records.subList(1, records.size());
		}
		Instant now = clock.instant();
		int total = records.size();
		progress.at(0, total);
		Counter counter = new Counter();
		Set<String> seen = new HashSet<>();
		Map<String, Candidate> chunk = new LinkedHashMap<>();
		for (Csv.Record record : records) {
			counter.rows++;
			String raw = record.field(options.emailColumn());
			EmailAddress email;
			try {
				email = EmailAddress.parse(raw);
			}
			catch (EmailAddress.Invalid ex) {
				counter.invalid++;
				add(counter.invalidRows, new Problem(record.line(), raw, raw.isBlank() ? "No address in this row." : ex.getMessage()));
				continue;
			}
			if (!seen.add(email.value().toLowerCase(Locale.ROOT))) {
				counter.duplicates++;
				add(counter.duplicateRows, new Problem(record.line(), email.toUnicode(), "Appears earlier in the file."));
				continue;
			}
			String name = options.nameColumn() >= 0 ? record.field(options.nameColumn()) : "";
			chunk.put(email.value(), new Candidate(record.line(), email, name.isBlank() ? null : truncate(name, 100)));
			if (chunk.size() == CHUNK) {
				importChunk(chunk, options, now, counter);
				chunk.clear();
				progress.at(counter.rows, total);
			}
		}
		if (!chunk.isEmpty()) {
			importChunk(chunk, options, now, counter);
		}
		progress.at(total, total);
		log.info("CSV import: {} rows, {} imported ({} sent a confirmation e-mail), {} duplicate, {} suppressed, {} invalid",
				counter.rows, counter.imported, counter.confirmationsSent, counter.duplicates, counter.suppressed, counter.invalid);
		return new Report(counter.rows, counter.imported, counter.confirmationsSent, counter.duplicates, counter.suppressed,
				counter.invalid, counter.duplicateRows, counter.suppressedRows, counter.invalidRows);
	}

	private record Candidate(int line, EmailAddress email, String firstName) {
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
			Map<String, String> known = new HashMap<>();
			jdbc.sql("SELECT email, status FROM subscriber WHERE email IN (:emails)").param("emails", chunk.keySet())
				.query(rs -> {
					known.put(rs.getString("email"), rs.getString("status"));
				});
			Map<String, Candidate> byHash = new HashMap<>();
			chunk.values().forEach(c -> byHash.put(c.email().hash(), c));
			Set<String> suppressed = new HashSet<>(jdbc.sql("SELECT email_hash FROM suppression WHERE email_hash IN (:hashes)")
				.param("hashes", byHash.keySet()).query(String.class).list());
			List<Candidate> fresh = new ArrayList<>();
			for (Candidate candidate : chunk.values()) {
				String existing = known.get(candidate.email().value());
				if (existing != null) {
					counter.duplicates++;
					add(counter.duplicateRows, new Problem(candidate.line(), candidate.email().toUnicode(),
							"Already on the list (" + existing.toLowerCase(Locale.ROOT) + ")."));
				}
				else if (suppressed.contains(candidate.email().hash())) {
					counter.suppressed++;
					add(counter.suppressedRows, new Problem(candidate.line(), candidate.email().toUnicode(),
							"On the suppression list (erased at the reader's request): only the reader can subscribe again."));
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
					subscriptions.subscribe(new SubscribeRequest(candidate.email(), candidate.firstName(), ConsentSource.IMPORT, null,
							"CSV import by an admin (consent to be confirmed by e-mail)"));
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
				INSERT INTO subscriber (email, first_name, status, created_at, status_changed_at, confirmed_at, token_version, version)
				VALUES (?, ?, 'CONFIRMED', ?, ?, ?, 1, 0)""", fresh, fresh.size(), (ps, c) -> {
			ps.setString(1, c.email().value());
			ps.setString(2, c.firstName());
			ps.setObject(3, now.atOffset(ZoneOffset.UTC));
			ps.setObject(4, now.atOffset(ZoneOffset.UTC));
			ps.setObject(5, now.atOffset(ZoneOffset.UTC));
		});
		List<Long> ids = jdbc.sql("SELECT id FROM subscriber WHERE email IN (:emails)")
			.param("emails", fresh.stream().map(c -> c.email().value()).toList()).query(Long.class).list();
		String consentText = subscriptions.consentText();
		batch.batchUpdate("""
				INSERT INTO consent (subscriber_id, given_at, ip, user_agent, source, consent_text, consent_text_version)
				VALUES (?, ?, NULL, 'CSV import: the admin stated that they hold this consent', 'IMPORT', ?, ?)""", ids, ids.size(), (ps, id) -> {
			ps.setLong(1, id);
			ps.setObject(2, now.atOffset(ZoneOffset.UTC));
			ps.setString(3, consentText);
			ps.setString(4, properties.consentVersion());
		});
		batch.batchUpdate("INSERT INTO subscriber_event (subscriber_id, type, occurred_at, detail) VALUES (?, 'CONFIRMED', ?, 'CSV import with consent held')",
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

	private static String text(byte[] csv) {
		return new String(csv, StandardCharsets.UTF_8);
	}

	private static String truncate(String value, int max) {
		return value.length() <= max ? value : value.substring(0, max);
	}
}
