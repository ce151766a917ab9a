package dev.glowletter.audience;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.glowletter.InvalidInput;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The list's custom fields ("Skin type") and each reader's values of them: what the admin
 * defines, the sign-up form offers, imports fill in and templates read as
 * {@code subscriber.fields.skinType}. Every value is checked against its field on every
 * way in; a refused one is named, and nothing of what came with it is stored. The
 * module's facade.
 */
@Service
public class Fields {

	/** The longest text any field takes (the column's width). */
	public static final int MAX_TEXT = 500;

	static final int MAX_LABEL = 80;

	/** More would make the sign-up form a survey. */
	static final int MAX_FIELDS = 50;

	static final int MAX_CHOICES = 50;

	static final int MAX_CHOICE = 100;

	/** What a template can name: {@code subscriber.fields.skinType}. */
	static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");

	/**
	 * How long the fields, as read for a sign-up's check and a reader mail's values, are
	 * kept in memory: every sign-up needs them, and they change when an admin changes
	 * them. This instance's changes are seen at once; another instance's within this.
	 */
	static final Duration KEPT = Duration.ofSeconds(2);

	private static final String COLUMNS = "id, field_key, label, kind, choices, max_length, required, on_signup, "
			+ "position";

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final Clock clock;

	Fields(JdbcClient jdbc, JdbcTemplate batch, Clock clock) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.clock = clock;
	}

	private record Kept(List<Field> fields, long readAt) {
	}

	private volatile Kept kept;

	/** The fields, as read at most {@link #KEPT} ago. */
	private List<Field> kept() {
		Kept known = kept;
		long now = System.nanoTime();
		if (known == null || now - known.readAt() > KEPT.toNanos()) {
			known = new Kept(list(), now);
			kept = known;
		}
		return known.fields();
	}

	/** Forgets the fields kept, now and when the caller's transaction ends. */
	private void changed() {
		kept = null;
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					kept = null;
				}
			});
		}
	}

	/**
	 * What the admin writes. {@code kind} is TEXT, NUMBER, DATE or CHOICE;
	 * {@code choices} only for CHOICE, {@code maxLength} only for TEXT (default 100, at
	 * most 500). The key and the kind cannot change once the field exists.
	 */
	public record Input(String key, String label, String kind, List<String> choices, Integer maxLength,
			Boolean required, Boolean onSignup, Integer position) {
	}

	/** A field or values that cannot be stored as written; nothing was. */
	public static class Invalid extends InvalidInput {

		Invalid(Map<String, String> errors) {
			super(String.join(" ", errors.values()), errors);
		}

	}

	/** Another field has the key already. */
	public static class Duplicate extends InvalidInput {

		Duplicate(String key) {
			super("There is a field with the key " + key + " already.",
					Map.of("key", "There is a field with the key " + key + " already."));
		}

	}

	/** No field with that id. */
	public static class NotFound extends RuntimeException {

		NotFound(long id) {
			super("There is no field " + id + ".");
		}

	}

	/**
	 * Where values come from, which decides which fields they may name and must fill in.
	 */
	public enum Purpose {

		/**
		 * A sign-up form anyone can fill in: only the fields it shows exist, and those of
		 * them that are required must have a value.
		 */
		SIGNUP,
		/**
		 * A row of an import: any field; a required one, when it is a column, must have a
		 * value.
		 */
		IMPORT,
		/**
		 * The admin sets a reader's values: any field; every required one must have a
		 * value.
		 */
		ADMIN

	}

	@Transactional(readOnly = true)
	public List<Field> list() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM field ORDER BY position, id").query(Fields::field).list();
	}

	@Transactional(readOnly = true)
	public Field get(long id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM field WHERE id = ?")
			.param(id)
			.query(Fields::field)
			.optional()
			.orElseThrow(() -> new NotFound(id));
	}

	@Transactional
	public Field create(Input input) {
		changed();
		Field valid = validate(input, null);
		if (jdbc.sql("SELECT COUNT(*) FROM field").query(Integer.class).single() >= MAX_FIELDS) {
			throw new Invalid(Map.of("key", "A list has at most " + MAX_FIELDS + " fields."));
		}
		if (keyTaken(valid.key(), -1)) {
			throw new Duplicate(valid.key());
		}
		int position = input.position() != null ? valid.position()
				: jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM field").query(Integer.class).single();
		try {
			jdbc.sql("""
					INSERT INTO field (field_key, label, kind, choices, max_length, required, on_signup, position,
					created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(valid.key(), valid.label(), valid.kind().name(), choicesColumn(valid), valid.maxLength(),
						valid.required(), valid.onSignup(), position, clock.instant().atOffset(ZoneOffset.UTC))
				.update();
		}
		catch (DataIntegrityViolationException raced) {
			throw new Duplicate(valid.key());
		}
		return jdbc.sql("SELECT " + COLUMNS + " FROM field WHERE field_key = ?")
			.param(valid.key())
			.query(Fields::field)
			.single();
	}

	/**
	 * Changes a field's label, choices, length, whether it is required or on the sign-up
	 * form, and its place. Refused when readers hold a value it would no longer take (a
	 * choice taken away, a length cut below a value).
	 */
	@Transactional
	public Field update(long id, Input input) {
		changed();
		Field current = get(id);
		Input completed = new Input(input.key() == null ? current.key() : input.key(), input.label(),
				input.kind() == null ? current.kind().name() : input.kind(), input.choices(), input.maxLength(),
				input.required(), input.onSignup(), input.position() == null ? current.position() : input.position());
		Field valid = validate(completed, current);
		Map<String, String> errors = new LinkedHashMap<>();
		if (valid.kind() == Field.Kind.CHOICE) {
			List<String> held = jdbc
				.sql("SELECT DISTINCT text_value FROM subscriber_field WHERE field_id = ? ORDER BY 1")
				.param(id)
				.query(String.class)
				.list()
				.stream()
				.filter(value -> !valid.choices().contains(value))
				.toList();
			if (!held.isEmpty()) {
				errors.put("choices",
						"Readers hold " + quoted(held) + ": keep those choices, or change the readers' values first.");
			}
		}
		if (valid.kind() == Field.Kind.TEXT
				&& jdbc.sql("SELECT COUNT(*) FROM subscriber_field WHERE field_id = ? AND LENGTH(text_value) > ?")
					.params(id, valid.maxLength())
					.query(Integer.class)
					.single() > 0) {
			errors.put("maxLength", "Some readers' values are longer than " + valid.maxLength() + " characters.");
		}
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		jdbc.sql("""
				UPDATE field SET label = ?, choices = ?, max_length = ?, required = ?, on_signup = ?, position = ?
				WHERE id = ?""")
			.params(valid.label(), choicesColumn(valid), valid.maxLength(), valid.required(), valid.onSignup(),
					valid.position(), id)
			.update();
		return get(id);
	}

	/** How many readers hold a value of the field: what deleting it takes away. */
	@Transactional(readOnly = true)
	public int readersWithValue(long id) {
		get(id);
		return jdbc.sql("SELECT COUNT(*) FROM subscriber_field WHERE field_id = ?")
			.param(id)
			.query(Integer.class)
			.single();
	}

	/** Deletes a field and every reader's value of it. */
	@Transactional
	public void delete(long id) {
		changed();
		get(id);
		jdbc.sql("DELETE FROM subscriber_field WHERE field_id = ?").param(id).update();
		jdbc.sql("DELETE FROM field WHERE id = ?").param(id).update();
	}

	/**
	 * What is wrong with values sent for a purpose, field by field: {@code fields.<key>}
	 * for a value the field does not take or a required one missing, {@code fields} for
	 * keys that name no field (for a sign-up: no field it shows). Empty when all is well.
	 */
	public Map<String, String> problems(Map<String, String> values, Purpose purpose) {
		Map<String, String> problems = new LinkedHashMap<>();
		parse(values, purpose, kept(), problems);
		return problems;
	}

	/**
	 * {@link #problems} with the fields read now, once, for many values to come (an
	 * import's rows).
	 */
	@Transactional(readOnly = true)
	public Function<Map<String, String>, Map<String, String>> checker(Purpose purpose) {
		List<Field> fields = list();
		return values -> {
			Map<String, String> problems = new LinkedHashMap<>();
			parse(values, purpose, fields, problems);
			return problems;
		};
	}

	/** The reader's values, key to value as templates show them, in the fields' order. */
	@Transactional(readOnly = true)
	public Map<String, String> valuesOf(long subscriberId) {
		if (kept().isEmpty()) {
			// no field, no value: the usual sign-up's mail asks nothing
			return Map.of();
		}
		Map<Long, Map<String, String>> all = valuesOf(List.of(subscriberId));
		return all.getOrDefault(subscriberId, Map.of());
	}

	/**
	 * The readers' values, in one query: reader to (key to value, in the fields' order);
	 * readers without any value are left out.
	 */
	@Transactional(readOnly = true)
	public Map<Long, Map<String, String>> valuesOf(Collection<Long> subscriberIds) {
		if (subscriberIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, Map<String, String>> values = new HashMap<>();
		jdbc.sql("""
				SELECT sf.subscriber_id, f.field_key, sf.text_value, sf.number_value, sf.date_value
				FROM subscriber_field sf JOIN field f ON f.id = sf.field_id
				WHERE sf.subscriber_id IN (:ids) ORDER BY sf.subscriber_id, f.position, f.id""")
			.param("ids", new HashSet<>(subscriberIds))
			.query(rs -> {
				values.computeIfAbsent(rs.getLong(1), id -> new LinkedHashMap<>()).put(rs.getString(2), shown(rs));
			});
		return values;
	}

	/**
	 * Stores the values for the reader, in the caller's transaction: a key with a blank
	 * value removes the reader's value, keys not named keep theirs.
	 * @throws Invalid naming each refused value; nothing was stored
	 */
	@Transactional
	public void store(long subscriberId, Map<String, String> values, Purpose purpose) {
		storeAll(Map.of(subscriberId, values), purpose);
	}

	/**
	 * Makes these the reader's values: those not named are removed, and every required
	 * field must have one.
	 * @throws Invalid naming each refused value; nothing was stored
	 */
	@Transactional
	public Map<String, String> replace(long subscriberId, Map<String, String> values) {
		Map<String, String> all = new LinkedHashMap<>();
		list().forEach(field -> all.put(field.key(), ""));
		if (values != null) {
			all.putAll(values);
		}
		store(subscriberId, all, Purpose.ADMIN);
		return valuesOf(subscriberId);
	}

	/**
	 * {@link #store} for many readers at once (an import's chunk), in batches.
	 * @throws Invalid naming the first reader's refused values; nothing was stored
	 */
	@Transactional
	public void storeAll(Map<Long, Map<String, String>> valuesBySubscriber, Purpose purpose) {
		List<Field> fields = list();
		List<Object[]> removals = new ArrayList<>();
		List<Object[]> inserts = new ArrayList<>();
		for (Map.Entry<Long, Map<String, String>> reader : valuesBySubscriber.entrySet()) {
			Map<String, String> problems = new LinkedHashMap<>();
			Map<Field, FieldValue> parsed = parse(reader.getValue(), purpose, fields, problems);
			if (!problems.isEmpty()) {
				throw new Invalid(problems);
			}
			parsed.forEach((field, value) -> {
				removals.add(new Object[] { reader.getKey(), field.id() });
				if (value != null) {
					inserts.add(new Object[] { reader.getKey(), field.id(), value.textColumn(), value.number(),
							value.date() });
				}
			});
		}
		batch.batchUpdate("DELETE FROM subscriber_field WHERE subscriber_id = ? AND field_id = ?", removals);
		batch.batchUpdate("""
				INSERT INTO subscriber_field (subscriber_id, field_id, text_value, number_value, date_value)
				VALUES (?, ?, ?, ?, ?)""", inserts);
	}

	/**
	 * The values by field (null: none, remove it), with each problem put in
	 * {@code problems}.
	 */
	private static Map<Field, FieldValue> parse(Map<String, String> values, Purpose purpose, List<Field> fields,
			Map<String, String> problems) {
		Map<String, String> given = values == null ? Map.of() : values;
		Map<String, Field> known = new LinkedHashMap<>();
		for (Field field : fields) {
			if (purpose != Purpose.SIGNUP || field.onSignup()) {
				known.put(field.key(), field);
			}
		}
		Set<String> unknown = new LinkedHashSet<>(given.keySet());
		unknown.removeAll(known.keySet());
		if (!unknown.isEmpty()) {
			problems.put("fields", "There " + (unknown.size() == 1 ? "is no field " : "are no fields ")
					+ quoted(unknown.stream().limit(10).map(key -> cut(String.valueOf(key), 40)).toList()) + ".");
		}
		Map<Field, FieldValue> parsed = new LinkedHashMap<>();
		for (Field field : known.values()) {
			boolean named = given.containsKey(field.key());
			String raw = given.get(field.key());
			boolean missing = raw == null || raw.isBlank();
			if (field.required() && missing && (purpose != Purpose.IMPORT || named)) {
				problems.put("fields." + field.key(), field.label() + " is required.");
				continue;
			}
			if (!named) {
				continue;
			}
			try {
				parsed.put(field, FieldValue.parse(field, raw));
			}
			catch (FieldValue.Refused ex) {
				problems.put("fields." + field.key(), field.label() + ": " + ex.getMessage());
			}
		}
		return parsed;
	}

	private Field validate(Input input, Field current) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (input == null) {
			throw new Invalid(Map.of("key", "Send the field's key, label and kind."));
		}
		String key = input.key() == null ? "" : input.key().strip();
		if (key.isEmpty()) {
			errors.put("key", "Give the field a key templates read it by, e.g. skinType.");
		}
		else if (!KEY.matcher(key).matches()) {
			errors.put("key", "A key is a lower-case letter, then up to 39 letters or digits, e.g. skinType.");
		}
		else if (current != null && !current.key().equals(key)) {
			errors.put("key", "The key cannot change: templates read the field by it.");
		}
		String label = input.label() == null ? "" : input.label().strip();
		if (label.isEmpty()) {
			errors.put("label", "Give the field a label, e.g. \"Skin type\".");
		}
		else if (label.length() > MAX_LABEL) {
			errors.put("label", "Keep the label under " + MAX_LABEL + " characters.");
		}
		else if (label.chars().anyMatch(Character::isISOControl)) {
			errors.put("label", "The label cannot contain line breaks or control characters.");
		}
		Field.Kind kind = Arrays.stream(Field.Kind.values())
			.filter(k -> input.kind() != null && k.name().equalsIgnoreCase(input.kind().strip()))
			.findFirst()
			.orElse(null);
		if (kind == null) {
			errors.put("kind", "The kind is one of TEXT, NUMBER, DATE and CHOICE.");
		}
		else if (current != null && current.kind() != kind) {
			errors.put("kind", "The kind cannot change: delete the field and define it again.");
		}
		List<String> choices = choices(input.choices(), kind, errors);
		Integer maxLength = null;
		if (kind == Field.Kind.TEXT) {
			maxLength = input.maxLength() == null ? 100 : input.maxLength();
			if (maxLength < 1 || maxLength > MAX_TEXT) {
				errors.put("maxLength", "The longest value is from 1 to " + MAX_TEXT + " characters.");
			}
		}
		else if (input.maxLength() != null) {
			errors.put("maxLength", "Only a text field has a longest value.");
		}
		if (input.position() != null && (input.position() < 0 || input.position() > 10_000)) {
			errors.put("position", "The position is a number from 0 to 10000.");
		}
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		return new Field(current == null ? 0 : current.id(), key, label, kind, choices, maxLength,
				Boolean.TRUE.equals(input.required()), Boolean.TRUE.equals(input.onSignup()),
				input.position() == null ? 0 : input.position());
	}

	private static List<String> choices(List<String> given, Field.Kind kind, Map<String, String> errors) {
		List<String> choices = given == null ? List.of()
				: given.stream().filter(c -> c != null && !c.isBlank()).map(String::strip).toList();
		if (kind != Field.Kind.CHOICE) {
			if (!choices.isEmpty()) {
				errors.put("choices", "Only a one-of field (CHOICE) has choices.");
			}
			return List.of();
		}
		Set<String> seen = new HashSet<>();
		if (choices.isEmpty()) {
			errors.put("choices", "Give at least one choice, e.g. Dry, Oily, Combination.");
		}
		else if (choices.size() > MAX_CHOICES) {
			errors.put("choices", "A field has at most " + MAX_CHOICES + " choices.");
		}
		else if (choices.stream().anyMatch(c -> c.length() > MAX_CHOICE)) {
			errors.put("choices", "Keep each choice under " + MAX_CHOICE + " characters.");
		}
		else if (choices.stream().anyMatch(c -> c.chars().anyMatch(Character::isISOControl))) {
			errors.put("choices", "A choice cannot contain line breaks or control characters.");
		}
		else if (!choices.stream().allMatch(c -> seen.add(c.toLowerCase(Locale.ROOT)))) {
			errors.put("choices", "Each choice once, please.");
		}
		return choices;
	}

	private boolean keyTaken(String key, long id) {
		return jdbc.sql("SELECT COUNT(*) FROM field WHERE field_key = ? AND id <> ?")
			.params(key, id)
			.query(Integer.class)
			.single() > 0;
	}

	private static String choicesColumn(Field field) {
		return field.choices().isEmpty() ? null : String.join("\n", field.choices());
	}

	private static Field field(ResultSet rs, int row) throws SQLException {
		String choices = rs.getString("choices");
		Integer maxLength = rs.getObject("max_length", Integer.class);
		return new Field(rs.getLong("id"), rs.getString("field_key"), rs.getString("label"),
				Field.Kind.valueOf(rs.getString("kind")), choices == null ? List.of() : List.of(choices.split("\n")),
				maxLength, rs.getBoolean("required"), rs.getBoolean("on_signup"), rs.getInt("position"));
	}

	private static String shown(ResultSet rs) throws SQLException {
		BigDecimal number = rs.getBigDecimal(4);
		if (number != null) {
			return FieldValue.shown(number);
		}
		LocalDate date = rs.getObject(5, LocalDate.class);
		return date != null ? date.toString() : rs.getString(3);
	}

	private static String quoted(Collection<String> values) {
		return String.join(", ", values.stream().map(v -> "\u201c" + v + "\u201d").toList());
	}

	private static String cut(String value, int max) {
		return value.length() <= max ? value : value.substring(0, max) + "\u2026";
	}

}
