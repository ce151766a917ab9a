package dev.glowletter.audience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.glowletter.InvalidInput;
import dev.glowletter.audience.internal.Criteria;
import dev.glowletter.audience.internal.CriteriaReader;
import dev.glowletter.audience.internal.FieldDefinitions;
import dev.glowletter.audience.internal.StoredFilters;
import dev.glowletter.delivery.ReaderCondition;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Segments: saved filters over the readers that campaigns and digests can be for, and the
 * counts the editors show. A filter is checked when saved or counted (an unknown kind,
 * operator, field or topic, or a value of the wrong type, is refused naming it) and
 * compiled to parameterised SQL, values only ever bound.
 */
@Service
public class Segments {

	static final int MAX_NAME = 100;

	static final int MAX_DESCRIPTION = 300;

	/** The length of the column {@code segment.filter}. */
	static final int MAX_FILTER = 20_000;

	/**
	 * Who a campaign can reach at all, as the queue fill says: confirmed, and not pausing
	 * the newsletter.
	 */
	private static final String REACHABLE = """
			SELECT COUNT(*) FROM subscriber s WHERE s.status = 'CONFIRMED'
			AND (s.paused_until IS NULL OR s.paused_until <= :audNow) AND\s""";

	/** The readers of a campaign for topics, as the queue fill has them. */
	private static final String FOR_TOPICS = """
			(NOT EXISTS (SELECT 1 FROM subscriber_topic st WHERE st.subscriber_id = s.id)
			 OR EXISTS (SELECT 1 FROM subscriber_topic st WHERE st.subscriber_id = s.id
			            AND st.topic_id IN (:aud0)))""";

	private final JdbcClient jdbc;

	private final CriteriaReader reader;

	private final StoredFilters filters;

	private final FieldDefinitions fields;

	private final Clock clock;

	Segments(JdbcClient jdbc, CriteriaReader reader, StoredFilters filters, FieldDefinitions fields, Clock clock) {
		this.jdbc = jdbc;
		this.reader = reader;
		this.filters = filters;
		this.fields = fields;
		this.clock = clock;
	}

	/** What the admin writes. */
	public record Input(String name, String description, SegmentFilter filter) {
	}

	/** A custom field a condition can name, for the segment editor. */
	public record Field(String key, String label, String kind, List<String> choices) {
	}

	/** A segment that cannot be stored or counted as written; nothing was stored. */
	public static class Invalid extends InvalidInput {

		Invalid(Map<String, String> errors) {
			super(String.join(" ", errors.values()), errors);
		}

	}

	/** No segment with that id. */
	public static class NotFound extends RuntimeException {

		NotFound(long id) {
			super("There is no segment " + id + ".");
		}

	}

	/** A segment a campaign still to be sent, or a digest, is for cannot be deleted. */
	public static class InUse extends RuntimeException {

		InUse(String message) {
			super(message);
		}

	}

	@Transactional(readOnly = true)
	public List<Segment> list() {
		return jdbc.sql("SELECT id, name, description, filter, created_at, updated_at FROM segment ORDER BY name")
			.query(this::segment)
			.list();
	}

	@Transactional(readOnly = true)
	public Segment get(long id) {
		return jdbc.sql("SELECT id, name, description, filter, created_at, updated_at FROM segment WHERE id = ?")
			.param(id)
			.query(this::segment)
			.optional()
			.orElseThrow(() -> new NotFound(id));
	}

	/** Whether a segment of this id exists. */
	@Transactional(readOnly = true)
	public boolean exists(long id) {
		return jdbc.sql("SELECT COUNT(*) FROM segment WHERE id = ?").param(id).query(Integer.class).single() > 0;
	}

	@Transactional
	public Segment create(Input input) {
		Valid valid = validate(input, null);
		OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
		try {
			jdbc.sql("INSERT INTO segment (name, description, filter, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
				.params(valid.name(), valid.description(), valid.json(), now, now)
				.update();
		}
		catch (DataIntegrityViolationException raced) {
			throw duplicate();
		}
		return jdbc.sql("SELECT id, name, description, filter, created_at, updated_at FROM segment WHERE name = ?")
			.param(valid.name())
			.query(this::segment)
			.single();
	}

	@Transactional
	public Segment update(long id, Input input) {
		get(id);
		Valid valid = validate(input, id);
		try {
			jdbc.sql("UPDATE segment SET name = ?, description = ?, filter = ?, updated_at = ? WHERE id = ?")
				.params(valid.name(), valid.description(), valid.json(), clock.instant().atOffset(ZoneOffset.UTC), id)
				.update();
		}
		catch (DataIntegrityViolationException raced) {
			throw duplicate();
		}
		return get(id);
	}

	/**
	 * Deletes a segment. Refused while a campaign not yet finished (sent or cancelled),
	 * or a digest, is for it; a finished campaign forgets it.
	 */
	@Transactional
	public void delete(long id) {
		get(id);
		List<Long> campaigns = jdbc
			.sql("SELECT id FROM campaign WHERE segment_id = ? AND status NOT IN ('SENT', 'CANCELLED') ORDER BY id")
			.param(id)
			.query(Long.class)
			.list();
		List<Long> digests = jdbc.sql("SELECT id FROM digest WHERE segment_id = ? ORDER BY id")
			.param(id)
			.query(Long.class)
			.list();
		if (!campaigns.isEmpty() || !digests.isEmpty()) {
			throw new InUse((campaigns.isEmpty() ? "" : "Campaigns " + campaigns + " ")
					+ (!campaigns.isEmpty() && !digests.isEmpty() ? "and " : "")
					+ (digests.isEmpty() ? "" : "Digests " + digests + " ")
					+ "are for this segment: change them first.");
		}
		jdbc.sql("DELETE FROM segment WHERE id = ?").param(id).update();
	}

	/** How many readers a campaign for the segment would reach now. */
	@Transactional(readOnly = true)
	public int count(long id) {
		// as the queue fill reads it: a field deleted since has no value for anyone
		return count(condition(get(id).filter(), false));
	}

	/**
	 * How many readers a campaign for a segment of this filter would reach now, before it
	 * is saved.
	 * @throws Invalid naming what is wrong with the filter
	 */
	@Transactional(readOnly = true)
	public int count(SegmentFilter filter) {
		return count(condition(filter, true));
	}

	/**
	 * How many readers a campaign for these topics would reach now (those who chose one
	 * of them, and those who chose none); no topics: everyone.
	 */
	@Transactional(readOnly = true)
	public int countForTopics(Collection<Long> topicIds) {
		if (topicIds == null || topicIds.isEmpty()) {
			return count(ReaderCondition.EVERYONE);
		}
		return count(new ReaderCondition(FOR_TOPICS, Map.of("aud0", List.copyOf(topicIds))));
	}

	/** The custom fields a condition can name. */
	@Transactional(readOnly = true)
	public List<Field> fields() {
		return fields.all().stream().map(f -> new Field(f.key(), f.label(), f.kind(), f.choices())).toList();
	}

	private ReaderCondition condition(SegmentFilter filter, boolean strict) {
		Map<String, String> errors = new LinkedHashMap<>();
		Criteria criteria = reader.read(filter, strict, errors);
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		return criteria.toCondition();
	}

	private int count(ReaderCondition condition) {
		return jdbc.sql(REACHABLE + condition.sql())
			.params(condition.parameters())
			.param("audNow", clock.instant().atOffset(ZoneOffset.UTC))
			.query(Integer.class)
			.single();
	}

	private record Valid(String name, String description, String json) {
	}

	private Valid validate(Input input, Long id) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = input == null || input.name() == null ? "" : input.name().strip();
		String description = input == null || input.description() == null || input.description().isBlank() ? null
				: input.description().strip();
		if (name.isEmpty()) {
			errors.put("name", "Name the segment, e.g. \"Dry skin, hair news\".");
		}
		else if (name.length() > MAX_NAME) {
			errors.put("name", "Keep the name under " + MAX_NAME + " characters.");
		}
		else if (name.chars().anyMatch(Character::isISOControl)) {
			errors.put("name", "The name cannot contain line breaks or control characters.");
		}
		else if (jdbc.sql("SELECT COUNT(*) FROM segment WHERE LOWER(name) = LOWER(?) AND id <> ?")
			.params(name, id == null ? -1L : id)
			.query(Integer.class)
			.single() > 0) {
			errors.put("name", "There is a segment of that name already.");
		}
		if (description != null && description.length() > MAX_DESCRIPTION) {
			errors.put("description", "Keep the description under " + MAX_DESCRIPTION + " characters.");
		}
		SegmentFilter filter = input == null ? null : input.filter();
		reader.read(filter, true, errors);
		String json = filter == null ? "" : filters.write(filter);
		if (json.length() > MAX_FILTER) {
			errors.put("filter", "The filter is too long: keep it under " + MAX_FILTER + " characters of JSON.");
		}
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		return new Valid(name, description, json);
	}

	private Segment segment(ResultSet rs, int row) throws SQLException {
		return new Segment(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
				filters.read(rs.getString("filter")), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	private static Invalid duplicate() {
		return new Invalid(Map.of("name", "There is a segment of that name already."));
	}

}
