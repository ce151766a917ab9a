package dev.glowletter.audience.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.glowletter.delivery.ReaderCondition;

/**
 * A segment's filter once checked ({@link CriteriaReader}): typed conditions that write
 * themselves as SQL on the reader row {@code s}. Values and ids only ever go into bound
 * parameters ({@code :aud0}, {@code :aud1}, …); the SQL text is made of constants of this
 * class alone, so nothing an admin writes can change it.
 *
 * @param any whether one condition is enough (else all must hold)
 */
public record Criteria(boolean any, List<Criterion> criteria) {

	public Criteria {
		criteria = List.copyOf(criteria);
	}

	/** The condition the queue fill and the counts add; {@code TRUE} without criteria. */
	public ReaderCondition toCondition() {
		if (criteria.isEmpty()) {
			return ReaderCondition.EVERYONE;
		}
		Parameters parameters = new Parameters();
		StringBuilder sql = new StringBuilder("(");
		for (Criterion criterion : criteria) {
			if (sql.length() > 1) {
				sql.append(any ? " OR " : " AND ");
			}
			sql.append('(').append(criterion.sql(parameters)).append(')');
		}
		return new ReaderCondition(sql.append(')').toString(), parameters.values);
	}

	/** The named parameters of one condition, as they are handed out. */
	static final class Parameters {

		private final Map<String, Object> values = new LinkedHashMap<>();

		/** Binds the value and returns its placeholder, e.g. {@code :aud3}. */
		String bind(Object value) {
			String name = "aud" + values.size();
			values.put(name, value);
			return ":" + name;
		}

	}

	/**
	 * One typed condition. Engagement (opened or clicked a recent campaign) is to be one
	 * more of these once tracking exists: an {@code EXISTS} on its table by reader, read
	 * by {@link CriteriaReader} from the kind {@code engagement}, which it refuses until
	 * then.
	 */
	public sealed interface Criterion {

		String sql(Parameters p);

	}

	/** The reader's status is one of these. */
	record StatusIn(List<String> statuses) implements Criterion {

		@Override
		public String sql(Parameters p) {
			return "s.status IN (" + p.bind(statuses) + ")";
		}

	}

	/**
	 * The reader chose one of these topics ({@code none}: none of them). Probed per
	 * reader through {@code subscriber_topic}'s primary key.
	 */
	record Topics(List<Long> topicIds, boolean none) implements Criterion {

		@Override
		public String sql(Parameters p) {
			return (none ? "NOT " : "") + "EXISTS (SELECT 1 FROM subscriber_topic st WHERE st.subscriber_id = s.id"
					+ " AND st.topic_id IN (" + p.bind(topicIds) + "))";
		}

	}

	/** The reader signed up before (or at or after) the instant. */
	record SignedUp(boolean before, OffsetDateTime at) implements Criterion {

		@Override
		public String sql(Parameters p) {
			return "s.created_at " + (before ? "<" : ">=") + " " + p.bind(at);
		}

	}

	/** One of the reader's consents was given through one of these ways. */
	record SourceIn(List<String> sources) implements Criterion {

		@Override
		public String sql(Parameters p) {
			return "EXISTS (SELECT 1 FROM consent c WHERE c.subscriber_id = s.id AND c.source IN (" + p.bind(sources)
					+ "))";
		}

	}

	/** The column of {@code subscriber_field} a field's kind keeps its values in. */
	enum Column {

		TEXT("text_value"), NUMBER("number_value"), DATE("date_value");

		private final String sql;

		Column(String sql) {
			this.sql = sql;
		}

		/** The column of a field of this kind (TEXT, NUMBER, DATE, CHOICE). */
		static Column of(String kind) {
			return switch (kind) {
				case "NUMBER" -> NUMBER;
				case "DATE" -> DATE;
				default -> TEXT;
			};
		}

	}

	/** How a field's value is compared. */
	enum Comparison {

		EQUALS("="), ONE_OF("IN"), LESS("<"), GREATER(">");

		private final String sql;

		Comparison(String sql) {
			this.sql = sql;
		}

	}

	/**
	 * The reader's value of a custom field compares so with the values (text, numbers as
	 * {@link BigDecimal}, dates as {@link LocalDate}), in the column of the field's kind.
	 */
	record FieldValue(long fieldId, Column column, Comparison comparison, List<Object> values) implements Criterion {

		@Override
		public String sql(Parameters p) {
			String field = p.bind(fieldId);
			String value = comparison == Comparison.ONE_OF ? "(" + p.bind(values) + ")" : p.bind(values.get(0));
			return "EXISTS (SELECT 1 FROM subscriber_field sf WHERE sf.subscriber_id = s.id AND sf.field_id = " + field
					+ " AND sf." + column.sql + " " + comparison.sql + " " + value + ")";
		}

	}

	/**
	 * The reader has no value for the field ({@code empty}), or has one. A field that no
	 * longer exists ({@code fieldId} null) has no value for anyone.
	 */
	record FieldEmpty(Long fieldId, Column column, boolean empty) implements Criterion {

		@Override
		public String sql(Parameters p) {
			if (fieldId == null) {
				return empty ? "TRUE" : "FALSE";
			}
			return (empty ? "NOT " : "") + "EXISTS (SELECT 1 FROM subscriber_field sf WHERE sf.subscriber_id = s.id"
					+ " AND sf.field_id = " + p.bind(fieldId) + " AND sf." + column.sql + " IS NOT NULL"
					+ (column == Column.TEXT ? " AND sf.text_value <> ''" : "") + ")";
		}

	}

	/**
	 * The sends to the reader that soft-bounced number at least (or at most) so many; a
	 * send counts once however often it bounced.
	 */
	record SoftBounces(boolean atLeast, int count) implements Criterion {

		@Override
		public String sql(Parameters p) {
			return "(SELECT COUNT(DISTINCT b.send_key) FROM bounce b WHERE b.subscriber_id = s.id AND b.kind = 'SOFT') "
					+ (atLeast ? ">=" : "<=") + " " + p.bind(count);
		}

	}

	/**
	 * The reader's time zone is one of these; none ({@code zones} empty): they have no
	 * zone of their own (the list's).
	 */
	record TimeZoneIn(List<String> zones) implements Criterion {

		@Override
		public String sql(Parameters p) {
			return zones.isEmpty() ? "s.time_zone IS NULL" : "s.time_zone IN (" + p.bind(zones) + ")";
		}

	}

}
