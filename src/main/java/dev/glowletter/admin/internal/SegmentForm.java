package dev.glowletter.admin.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.audience.Segment;
import dev.glowletter.audience.SegmentFilter;
import dev.glowletter.audience.Segments;
import org.springframework.util.MultiValueMap;

/**
 * The segment editor's fields: a name, a description, whether all or any conditions must
 * hold, and rows of conditions ({@code kind-<i>}, {@code operator-<i>},
 * {@code field-<i>}, {@code values-<i>}, and {@code topics-<i>} for a topics condition).
 * A row without a kind is left out. Values are typed as text: operators that take several
 * split them at commas. Public only because the editor's template (FreeMarker) reads it.
 */
public record SegmentForm(String name, String description, String match, List<Row> rows) {

	/** Blank rows offered below the conditions written so far. */
	static final int SPARE_ROWS = 2;

	static final int MAX_ROWS = 20;

	private static final Set<String> SEVERAL = Set.of("in", "oneOf", "anyOf", "noneOf");

	private static final Set<String> NONE = Set.of("empty", "notEmpty", "unknown");

	private static final Pattern CONDITION_ERROR = Pattern.compile("filter\\.conditions\\[(\\d+)]\\.(\\w+)");

	/** One condition as typed. Public for the template. */
	public record Row(String kind, String operator, String field, String values, List<Long> topicIds) {

		static final Row BLANK = new Row("", "", "", "", List.of());

		boolean isBlank() {
			return kind == null || kind.isBlank();
		}

	}

	static SegmentForm empty() {
		return new SegmentForm("", "", "all", withSpares(List.of()));
	}

	static SegmentForm of(Segment segment) {
		List<Row> rows = new ArrayList<>();
		for (SegmentFilter.Condition c : segment.filter().conditions()) {
			List<Long> topics = "topics".equals(c.kind())
					? c.values().stream().map(v -> Long.valueOf(v.toString())).toList() : List.of();
			rows.add(new Row(c.kind(), c.operator(), c.field() == null ? "" : c.field(), "topics".equals(c.kind()) ? ""
					: String.join(", ", c.values().stream().map(String::valueOf).toList()), topics));
		}
		return new SegmentForm(segment.name(), segment.description() == null ? "" : segment.description(),
				segment.filter().match(), withSpares(rows));
	}

	static SegmentForm of(MultiValueMap<String, String> params) {
		List<Row> rows = new ArrayList<>();
		for (int i = 0; i < MAX_ROWS && params.containsKey("kind-" + i); i++) {
			List<Long> topics = new ArrayList<>();
			for (String id : params.getOrDefault("topics-" + i, List.of())) {
				if (id.matches("\\d{1,18}")) {
					topics.add(Long.valueOf(id));
				}
			}
			rows.add(new Row(text(params, "kind-" + i), text(params, "operator-" + i), text(params, "field-" + i),
					text(params, "values-" + i), topics));
		}
		rows.removeIf(Row::isBlank);
		return new SegmentForm(text(params, "name"), text(params, "description"), text(params, "match"),
				withSpares(rows));
	}

	private static List<Row> withSpares(List<Row> rows) {
		List<Row> all = new ArrayList<>(rows);
		for (int i = 0; i < SPARE_ROWS && all.size() < MAX_ROWS; i++) {
			all.add(Row.BLANK);
		}
		return all;
	}

	private static String text(MultiValueMap<String, String> params, String name) {
		String value = params.getFirst(name);
		return value == null ? "" : value.strip();
	}

	/** The rows written, as a filter; values typed as the API takes them. */
	SegmentFilter filter() {
		List<SegmentFilter.Condition> conditions = new ArrayList<>();
		for (Row row : written()) {
			List<Object> values = new ArrayList<>();
			if ("topics".equals(row.kind()) && !row.topicIds().isEmpty()) {
				values.addAll(row.topicIds());
			}
			else if (!NONE.contains(row.operator())) {
				List<String> parts = SEVERAL.contains(row.operator())
						? Arrays.stream(row.values().split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList()
						: row.values().isEmpty() ? List.of() : List.of(row.values());
				for (String part : parts) {
					// a count is a number in the API; typed, it is text
					values.add("softBounces".equals(row.kind()) && part.matches("\\d{1,9}") ? Integer.valueOf(part)
							: part);
				}
			}
			conditions.add(new SegmentFilter.Condition(row.kind(), row.operator(),
					row.field().isEmpty() ? null : row.field(), values));
		}
		return new SegmentFilter(match, conditions);
	}

	Segments.Input input() {
		return new Segments.Input(name, description, filter());
	}

	private List<Row> written() {
		return rows.stream().filter(r -> !r.isBlank()).toList();
	}

	/**
	 * The service's problems keyed by the fields of this form: a condition's
	 * {@code filter.conditions[2].field} is the written row's {@code field-2}.
	 */
	static Map<String, String> fieldErrors(Map<String, String> errors) {
		Map<String, String> fields = new LinkedHashMap<>();
		errors.forEach((key, message) -> {
			Matcher m = CONDITION_ERROR.matcher(key);
			if (m.matches()) {
				fields.put(m.group(2) + "-" + m.group(1), message);
			}
			else {
				fields.put(key.equals("filter.match") ? "match" : key.startsWith("filter") ? "conditions" : key,
						message);
			}
		});
		return fields;
	}

}
