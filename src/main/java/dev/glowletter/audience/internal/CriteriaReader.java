package dev.glowletter.audience.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.glowletter.audience.SegmentFilter;
import dev.glowletter.audience.Topics;
import org.springframework.stereotype.Component;

/**
 * Reads a segment's filter as the admin wrote it into {@link Criteria}: each kind with
 * its operators, each value of the type its condition takes, field keys resolved to their
 * ids. What is wrong is named by its place, e.g. {@code filter.conditions[1].field}, with
 * a message a person can act on; a value the admin wrote is repeated only when it is
 * plain text.
 */
@Component
public class CriteriaReader {

	/** More conditions than this is a query, not a segment. */
	static final int MAX_CONDITIONS = 20;

	static final int MAX_VALUES = 100;

	private static final Set<String> STATUSES = Set.of("PENDING", "CONFIRMED", "UNSUBSCRIBED", "BOUNCED");

	private static final Set<String> SOURCES = Set.of("FORM", "EMBED", "API", "IMPORT");

	private static final Pattern FIELD_KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");

	private static final Pattern PLAIN = Pattern.compile("[\\p{Alnum} _./+:-]{1,60}");

	private static final String KINDS = "status, topics, signedUp, source, field, softBounces or timeZone";

	private final FieldDefinitions fields;

	private final Topics topics;

	CriteriaReader(FieldDefinitions fields, Topics topics) {
		this.fields = fields;
		this.topics = topics;
	}

	/**
	 * The filter as criteria, or the problems in {@code errors} (then the criteria are
	 * not to be used). {@code strict}: as the admin saves or counts it; else as a queue
	 * fill reads a stored filter, where a field deleted since has no value for anyone and
	 * a deleted topic is chosen by no one.
	 */
	public Criteria read(SegmentFilter filter, boolean strict, Map<String, String> errors) {
		if (filter == null) {
			errors.put("filter", "Give the segment a filter: {\"match\": \"all\", \"conditions\": [...]}.");
			return new Criteria(false, List.of());
		}
		boolean any = false;
		switch (filter.match().toLowerCase(Locale.ROOT)) {
			case "all" -> any = false;
			case "any" -> any = true;
			default -> errors.put("filter.match",
					quoted(filter.match()) + " is not a way to match: use \"all\" (every condition) or \"any\".");
		}
		if (filter.conditions().size() > MAX_CONDITIONS) {
			errors.put("filter.conditions", "A segment has at most " + MAX_CONDITIONS + " conditions.");
			return new Criteria(any, List.of());
		}
		List<Criteria.Criterion> criteria = new ArrayList<>();
		for (int i = 0; i < filter.conditions().size(); i++) {
			String at = "filter.conditions[" + i + "]";
			SegmentFilter.Condition condition = filter.conditions().get(i);
			if (condition == null || condition.kind() == null || condition.kind().isBlank()) {
				errors.put(at + ".kind", "Give the condition a kind: " + KINDS + ".");
				continue;
			}
			if (condition.values().size() > MAX_VALUES) {
				errors.put(at + ".values", "A condition takes at most " + MAX_VALUES + " values.");
				continue;
			}
			Condition c = new Condition(at, condition, strict, errors);
			c.criterion().ifPresent(criteria::add);
		}
		return new Criteria(any, criteria);
	}

	/** One condition being read, with where its problems go. */
	private final class Condition {

		private final String at;

		private final SegmentFilter.Condition condition;

		private final boolean strict;

		private final Map<String, String> errors;

		private final String operator;

		Condition(String at, SegmentFilter.Condition condition, boolean strict, Map<String, String> errors) {
			this.at = at;
			this.condition = condition;
			this.strict = strict;
			this.errors = errors;
			this.operator = condition.operator() == null ? "" : condition.operator().strip();
		}

		Optional<Criteria.Criterion> criterion() {
			int before = errors.size();
			Criteria.Criterion criterion = switch (condition.kind().strip()) {
				case "status" -> operator("in") ? new Criteria.StatusIn(words(STATUSES)) : null;
				case "topics" -> operator("anyOf", "noneOf") ? new Criteria.Topics(topicIds(), is("noneOf")) : null;
				case "signedUp" -> operator("before", "after")
						? new Criteria.SignedUp(is("before"),
								day(one()).plusDays(is("after") ? 1 : 0).atStartOfDay().atOffset(ZoneOffset.UTC))
						: null;
				case "source" -> operator("in") ? new Criteria.SourceIn(words(SOURCES)) : null;
				case "field" -> field();
				case "softBounces" ->
					operator("atLeast", "atMost") ? new Criteria.SoftBounces(is("atLeast"), count()) : null;
				case "timeZone" -> operator("in", "unknown") ? new Criteria.TimeZoneIn(zones()) : null;
				case "engagement" -> {
					errors.put(at + ".kind",
							"Engagement conditions (opens, clicks) come with tracking, " + "which is not there yet.");
					yield null;
				}
				default -> {
					errors.put(at + ".kind",
							quoted(condition.kind()) + " is not a kind of condition: use " + KINDS + ".");
					yield null;
				}
			};
			return errors.size() == before ? Optional.ofNullable(criterion) : Optional.empty();
		}

		private boolean is(String name) {
			return operator.equals(name);
		}

		/** Whether the operator is one of these; else says which ones are. */
		private boolean operator(String... allowed) {
			for (String name : allowed) {
				if (operator.equals(name)) {
					return true;
				}
			}
			errors.put(at + ".operator",
					(operator.isEmpty() ? "Give the condition an operator"
							: quoted(operator) + " is not an operator of a " + condition.kind().strip() + " condition")
							+ ": use " + String.join(" or ", allowed) + ".");
			return false;
		}

		private Criteria.Criterion field() {
			String key = condition.field() == null ? "" : condition.field().strip();
			if (!FIELD_KEY.matcher(key).matches()) {
				errors.put(at + ".field", key.isEmpty() ? "Name the field, e.g. \"skinType\"."
						: "There is no field " + quoted(key) + ".");
				return null;
			}
			Optional<FieldDefinitions.Definition> found = fields.byKey(key);
			if (found.isEmpty()) {
				if (strict) {
					errors.put(at + ".field", "There is no field " + quoted(key) + ".");
					return null;
				}
				// deleted since the segment was saved: nobody has a value for it
				return new Criteria.FieldEmpty(null, Criteria.Column.TEXT, is("empty"));
			}
			FieldDefinitions.Definition field = found.get();
			Criteria.Column column = Criteria.Column.of(field.kind());
			List<String> operators = switch (field.kind()) {
				case "NUMBER" -> List.of("equals", "oneOf", "lessThan", "greaterThan", "empty", "notEmpty");
				case "DATE" -> List.of("equals", "oneOf", "before", "after", "empty", "notEmpty");
				default -> List.of("equals", "oneOf", "empty", "notEmpty");
			};
			if (!operators.contains(operator)) {
				errors.put(at + ".operator",
						(operator.isEmpty() ? "Give the condition an operator" : quoted(operator)
								+ " is not an operator of a " + field.kind().toLowerCase(Locale.ROOT) + " field")
								+ ": use " + String.join(", ", operators) + ".");
				return null;
			}
			if (is("empty") || is("notEmpty")) {
				if (!condition.values().isEmpty()) {
					errors.put(at + ".values", "\"" + operator + "\" takes no values.");
				}
				return new Criteria.FieldEmpty(field.id(), column, is("empty"));
			}
			List<Object> raw = is("oneOf") ? many() : List.of(one());
			List<Object> values = new ArrayList<>();
			for (Object value : raw) {
				Object typed = switch (field.kind()) {
					case "NUMBER" -> number(value);
					case "DATE" -> day(value);
					default -> text(value, field);
				};
				values.add(typed);
			}
			Criteria.Comparison comparison = switch (operator) {
				case "oneOf" -> Criteria.Comparison.ONE_OF;
				case "lessThan", "before" -> Criteria.Comparison.LESS;
				case "greaterThan", "after" -> Criteria.Comparison.GREATER;
				default -> Criteria.Comparison.EQUALS;
			};
			return new Criteria.FieldValue(field.id(), column, comparison, values);
		}

		/** The one value the operator takes (null after saying so). */
		private Object one() {
			if (condition.values().size() != 1) {
				errors.put(at + ".values", "\"" + operator + "\" takes exactly one value.");
				return null;
			}
			return condition.values().get(0);
		}

		private List<Object> many() {
			if (condition.values().isEmpty()) {
				errors.put(at + ".values", "Give at least one value.");
			}
			return condition.values();
		}

		/** Words of a fixed set, in capitals. */
		private List<String> words(Set<String> allowed) {
			Set<String> words = new LinkedHashSet<>();
			for (Object value : many()) {
				String word = value instanceof String s ? s.strip().toUpperCase(Locale.ROOT) : null;
				if (word == null || !allowed.contains(word)) {
					errors.put(at + ".values", quoted(value) + " is not one of "
							+ String.join(", ", allowed.stream().sorted().toList()) + ".");
					return List.of();
				}
				words.add(word);
			}
			return List.copyOf(words);
		}

		private List<Long> topicIds() {
			Set<Long> ids = new LinkedHashSet<>();
			for (Object value : many()) {
				Long id = value instanceof Number n && isWhole(n) ? Long.valueOf(n.longValue())
						: value instanceof String s && s.strip().matches("\\d{1,18}") ? Long.valueOf(s.strip()) : null;
				if (id == null) {
					errors.put(at + ".values", quoted(value) + " is not a topic id.");
					return List.of();
				}
				ids.add(id);
			}
			if (strict) {
				List<Long> unknown = topics.unknown(ids);
				if (!unknown.isEmpty()) {
					errors.put(at + ".values", "These topics do not exist: " + unknown + ".");
				}
			}
			return List.copyOf(ids);
		}

		private LocalDate day(Object value) {
			if (value == null && errors.containsKey(at + ".values")) {
				return LocalDate.EPOCH;
			}
			try {
				if (value instanceof String s) {
					LocalDate day = LocalDate.parse(s.strip());
					if (day.getYear() >= 1900 && day.getYear() <= 9999) {
						return day;
					}
				}
			}
			catch (DateTimeParseException ex) {
				// said below
			}
			errors.put(at + ".values", quoted(value) + " is not a date: write it as 2026-01-31.");
			return LocalDate.EPOCH;
		}

		private BigDecimal number(Object value) {
			BigDecimal number = null;
			try {
				if (value instanceof Number n && !(value instanceof Double d && (d.isNaN() || d.isInfinite()))) {
					number = new BigDecimal(n.toString());
				}
				else if (value instanceof String s) {
					number = new BigDecimal(s.strip());
				}
			}
			catch (NumberFormatException ex) {
				number = null;
			}
			if (number == null) {
				errors.put(at + ".values", quoted(value) + " is not a number.");
				return BigDecimal.ZERO;
			}
			// DECIMAL(19, 4)
			if (number.abs().compareTo(BigDecimal.TEN.pow(15)) >= 0 || number.stripTrailingZeros().scale() > 4) {
				errors.put(at + ".values", "A number has at most 15 digits before the point and 4 after.");
			}
			return number;
		}

		private String text(Object value, FieldDefinitions.Definition field) {
			if (!(value instanceof String text)) {
				errors.put(at + ".values", quoted(value) + " is not text: write it in quotes.");
				return "";
			}
			if (text.length() > field.maxLength()) {
				errors.put(at + ".values",
						"A value of " + field.key() + " has at most " + field.maxLength() + " characters.");
			}
			else if ("CHOICE".equals(field.kind()) && strict && !field.choices().contains(text)) {
				errors.put(at + ".values",
						quoted(text) + " is not one of the choices of " + field.key() + ": " + field.choices() + ".");
			}
			return text;
		}

		private int count() {
			Object value = one();
			if (value instanceof Number n && isWhole(n) && n.longValue() >= 0 && n.longValue() <= 1000) {
				return n.intValue();
			}
			if (value != null || !errors.containsKey(at + ".values")) {
				errors.put(at + ".values", quoted(value) + " is not a count from 0 to 1000.");
			}
			return 0;
		}

		private List<String> zones() {
			if (is("unknown")) {
				if (!condition.values().isEmpty()) {
					errors.put(at + ".values", "\"unknown\" takes no values.");
				}
				return List.of();
			}
			Set<String> zones = new LinkedHashSet<>();
			for (Object value : many()) {
				try {
					if (!(value instanceof String s) || !s.strip().contains("/")) {
						throw new DateTimeException("not a region");
					}
					zones.add(ZoneId.of(s.strip()).getId());
				}
				catch (DateTimeException ex) {
					errors.put(at + ".values", quoted(value) + " is not a time zone: use a name such as Europe/Paris.");
					return List.of();
				}
			}
			return List.copyOf(zones);
		}

	}

	private static boolean isWhole(Number n) {
		return n instanceof Integer || n instanceof Long || n instanceof Short
				|| n instanceof BigInteger b && b.bitLength() < 63;
	}

	/**
	 * A value the admin wrote, quoted so that a message can name it, when it is plain
	 * text; anything else (markup, quotes, SQL, very long) is not repeated back.
	 */
	static String quoted(Object value) {
		String text = value == null ? null : value.toString();
		return text != null && PLAIN.matcher(text).matches() ? "\"" + text + "\"" : "the value given";
	}

}
