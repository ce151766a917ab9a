package dev.glowletter.audience;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The list's topics: what the admin defines, readers choose and campaigns are for. The
 * module's facade.
 */
@Service
public class Topics {

	static final int MAX_NAME = 60;

	static final int MAX_DESCRIPTION = 300;

	/** More would make the sign-up form a survey. */
	static final int MAX_TOPICS = 50;

	private final JdbcClient jdbc;

	private final Clock clock;

	Topics(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** What the admin writes. */
	public record Input(String name, String description, Integer position) {
	}

	/** A topic that cannot be stored as written; nothing was. */
	public static class Invalid extends RuntimeException {

		private final Map<String, String> errors;

		Invalid(Map<String, String> errors) {
			super(String.join(" ", errors.values()));
			this.errors = Map.copyOf(errors);
		}

		public Map<String, String> errors() {
			return errors;
		}

	}

	/** No topic with that id. */
	public static class NotFound extends RuntimeException {

		NotFound(long id) {
			super("There is no topic " + id + ".");
		}

	}

	/** A topic a campaign is for cannot be deleted. */
	public static class InUse extends RuntimeException {

		InUse(String message) {
			super(message);
		}

	}

	@Transactional(readOnly = true)
	public List<Topic> list() {
		return jdbc.sql("SELECT id, name, description, position FROM topic ORDER BY position, name")
			.query(Topic.class)
			.list();
	}

	@Transactional(readOnly = true)
	public Topic get(long id) {
		return jdbc.sql("SELECT id, name, description, position FROM topic WHERE id = ?")
			.param(id)
			.query(Topic.class)
			.optional()
			.orElseThrow(() -> new NotFound(id));
	}

	@Transactional
	public Topic create(Input input) {
		Input valid = validate(input, null);
		if (jdbc.sql("SELECT COUNT(*) FROM topic").query(Integer.class).single() >= MAX_TOPICS) {
			throw new Invalid(Map.of("name", "A list has at most " + MAX_TOPICS + " topics."));
		}
		int position = valid.position() != null ? valid.position()
				: jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM topic").query(Integer.class).single();
		try {
			jdbc.sql("INSERT INTO topic (name, description, position, created_at) VALUES (?, ?, ?, ?)")
				.params(valid.name(), valid.description(), position, clock.instant().atOffset(ZoneOffset.UTC))
				.update();
		}
		catch (DataIntegrityViolationException raced) {
			throw duplicate();
		}
		return jdbc.sql("SELECT id, name, description, position FROM topic WHERE name = ?")
			.param(valid.name())
			.query(Topic.class)
			.single();
	}

	@Transactional
	public Topic update(long id, Input input) {
		Topic current = get(id);
		Input valid = validate(input, id);
		try {
			jdbc.sql("UPDATE topic SET name = ?, description = ?, position = ? WHERE id = ?")
				.params(valid.name(), valid.description(),
						valid.position() != null ? valid.position() : current.position(), id)
				.update();
		}
		catch (DataIntegrityViolationException raced) {
			throw duplicate();
		}
		return get(id);
	}

	/**
	 * Deletes a topic: readers who chose it keep their other topics (one who chose only
	 * it gets everything again). Refused while a campaign is for it.
	 */
	@Transactional
	public void delete(long id) {
		get(id);
		List<Long> campaigns = jdbc.sql("SELECT campaign_id FROM campaign_topic WHERE topic_id = ? ORDER BY 1")
			.param(id)
			.query(Long.class)
			.list();
		if (!campaigns.isEmpty()) {
			throw new InUse("Campaigns " + campaigns + " are for this topic: change them first.");
		}
		jdbc.sql("DELETE FROM topic WHERE id = ?").param(id).update();
	}

	/** Those of the ids that name no topic, in order. */
	@Transactional(readOnly = true)
	public List<Long> unknown(Collection<Long> ids) {
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		Set<Long> wanted = new TreeSet<>(ids);
		Set<Long> known = new TreeSet<>(
				jdbc.sql("SELECT id FROM topic WHERE id IN (:ids)").param("ids", wanted).query(Long.class).list());
		List<Long> unknown = new ArrayList<>(wanted);
		unknown.removeAll(known);
		return unknown;
	}

	/** The topics the reader chose; empty: everything. */
	@Transactional(readOnly = true)
	public List<Topic> ofReader(long subscriberId) {
		return jdbc.sql("""
				SELECT t.id, t.name, t.description, t.position FROM topic t
				JOIN subscriber_topic st ON st.topic_id = t.id WHERE st.subscriber_id = ?
				ORDER BY t.position, t.name""").param(subscriberId).query(Topic.class).list();
	}

	private Input validate(Input input, Long id) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = input == null || input.name() == null ? "" : input.name().strip();
		String description = input == null || input.description() == null || input.description().isBlank() ? null
				: input.description().strip();
		if (name.isEmpty()) {
			errors.put("name", "Name the topic, e.g. \"Skin care\".");
		}
		else if (name.length() > MAX_NAME) {
			errors.put("name", "Keep the name under " + MAX_NAME + " characters.");
		}
		else if (name.chars().anyMatch(Character::isISOControl)) {
			errors.put("name", "The name cannot contain line breaks or control characters.");
		}
		else if (jdbc.sql("SELECT COUNT(*) FROM topic WHERE LOWER(name) = LOWER(?) AND id <> ?")
			.params(name, id == null ? -1L : id)
			.query(Integer.class)
			.single() > 0) {
			errors.put("name", "There is a topic of that name already.");
		}
		if (description != null && description.length() > MAX_DESCRIPTION) {
			errors.put("description", "Keep the description under " + MAX_DESCRIPTION + " characters.");
		}
		if (input != null && input.position() != null && (input.position() < 0 || input.position() > 10_000)) {
			errors.put("position", "The position is a number from 0 to 10000.");
		}
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		return new Input(name, description, input.position());
	}

	private static Invalid duplicate() {
		return new Invalid(Map.of("name", "There is a topic of that name already."));
	}

}
