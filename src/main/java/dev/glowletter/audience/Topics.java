package dev.glowletter.audience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

	/** Tags per topic: more would be a second tag system. */
	static final int MAX_TAGS = 20;

	static final int MAX_TAG = 60;

	private static final String COLUMNS = "id, name, description, position";

	/**
	 * Article {@code a} is in topic {@code t}: the editor put it there, or one of its
	 * tags is the topic's name or one of the topic's tags.
	 */
	private static final String IN_TOPIC = """
			(EXISTS (SELECT 1 FROM article_topic x WHERE x.article_id = a.id AND x.topic_id = t.id)
			 OR EXISTS (SELECT 1 FROM article_tag ag WHERE ag.article_id = a.id
			            AND (LOWER(ag.tag) = LOWER(t.name)
			                 OR EXISTS (SELECT 1 FROM topic_tag tt
			                            WHERE tt.topic_id = t.id AND tt.tag = LOWER(ag.tag)))))""";

	private final JdbcClient jdbc;

	private final Clock clock;

	Topics(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * What the admin writes.
	 *
	 * @param tags the article tags and feed categories that put an article in the topic,
	 * besides its name; null keeps them as they are
	 */
	public record Input(String name, String description, Integer position, List<String> tags) {

		public Input(String name, String description, Integer position) {
			this(name, description, position, null);
		}
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

	/** A topic a campaign or a digest is for cannot be deleted. */
	public static class InUse extends RuntimeException {

		InUse(String message) {
			super(message);
		}

	}

	@Transactional(readOnly = true)
	public List<Topic> list() {
		return withTags(
				jdbc.sql("SELECT " + COLUMNS + " FROM topic ORDER BY position, name").query(Topics::topic).list());
	}

	@Transactional(readOnly = true)
	public Topic get(long id) {
		return withTags(List.of(jdbc.sql("SELECT " + COLUMNS + " FROM topic WHERE id = ?")
			.param(id)
			.query(Topics::topic)
			.optional()
			.orElseThrow(() -> new NotFound(id)))).get(0);
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
		long id = jdbc.sql("SELECT id FROM topic WHERE name = ?").param(valid.name()).query(Long.class).single();
		storeTags(id, valid.tags());
		return get(id);
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
		storeTags(id, valid.tags());
		return get(id);
	}

	/**
	 * Deletes a topic: readers who chose it keep their other topics (one who chose only
	 * it gets everything again); articles lose it. Refused while a campaign or a digest
	 * is for it.
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
		List<Long> digests = jdbc.sql("SELECT digest_id FROM digest_topic WHERE topic_id = ? ORDER BY 1")
			.param(id)
			.query(Long.class)
			.list();
		if (!digests.isEmpty()) {
			throw new InUse("Digests " + digests + " are for this topic: change them first.");
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
				ORDER BY t.position, t.name""").param(subscriberId).query(Topics::topic).list();
	}

	/**
	 * The topics each of these articles is in, by the editor's choice or by a tag; an
	 * article in none is left out.
	 */
	@Transactional(readOnly = true)
	public Map<Long, List<Topic>> ofArticles(Collection<Long> articleIds) {
		if (articleIds == null || articleIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, Topic> byId = new LinkedHashMap<>();
		list().forEach(topic -> byId.put(topic.id(), topic));
		Map<Long, List<Topic>> out = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT a.id AS article_id, t.id AS topic_id FROM article a JOIN topic t ON """ + IN_TOPIC + """
				WHERE a.id IN (:articles) ORDER BY a.id, t.position, t.name""")
			.param("articles", Set.copyOf(articleIds))
			.query((rs, row) -> Map.entry(rs.getLong("article_id"), rs.getLong("topic_id")))
			.list()
			.forEach(pair -> out.computeIfAbsent(pair.getKey(), key -> new ArrayList<>())
				.add(byId.get(pair.getValue())));
		return out;
	}

	/**
	 * The topics the editor put each of these articles in (not those its tags give it).
	 */
	@Transactional(readOnly = true)
	public Map<Long, List<Long>> chosenForArticles(Collection<Long> articleIds) {
		if (articleIds == null || articleIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, List<Long>> out = new LinkedHashMap<>();
		jdbc.sql("SELECT article_id, topic_id FROM article_topic WHERE article_id IN (:ids) ORDER BY article_id, "
				+ "topic_id")
			.param("ids", Set.copyOf(articleIds))
			.query((rs, row) -> Map.entry(rs.getLong("article_id"), rs.getLong("topic_id")))
			.list()
			.forEach(pair -> out.computeIfAbsent(pair.getKey(), key -> new ArrayList<>()).add(pair.getValue()));
		return out;
	}

	/**
	 * Puts the article in exactly these topics (besides those its tags give it).
	 * @throws Invalid naming "topicIds" when one is no topic; nothing is changed then
	 */
	@Transactional
	public void chooseForArticle(long articleId, Collection<Long> topicIds) {
		List<Long> unknown = unknown(topicIds);
		if (!unknown.isEmpty()) {
			throw new Invalid(Map.of("topicIds", "These topics do not exist: " + unknown + "."));
		}
		jdbc.sql("DELETE FROM article_topic WHERE article_id = ?").param(articleId).update();
		for (Long topicId : new TreeSet<>(topicIds)) {
			jdbc.sql("INSERT INTO article_topic (article_id, topic_id) VALUES (?, ?)")
				.params(articleId, topicId)
				.update();
		}
	}

	/**
	 * Those of the articles that are in at least one of the topics, in the order given.
	 */
	@Transactional(readOnly = true)
	public List<Long> articlesInAny(Collection<Long> topicIds, List<Long> articleIds) {
		if (topicIds == null || topicIds.isEmpty() || articleIds.isEmpty()) {
			return List.of();
		}
		Set<Long> inTopics = new TreeSet<>(jdbc.sql("""
				SELECT DISTINCT a.id FROM article a JOIN topic t ON """ + IN_TOPIC + """
				WHERE a.id IN (:articles) AND t.id IN (:topics)""")
			.param("articles", Set.copyOf(articleIds))
			.param("topics", Set.copyOf(topicIds))
			.query(Long.class)
			.list());
		return articleIds.stream().filter(inTopics::contains).toList();
	}

	private static Topic topic(ResultSet rs, int row) throws SQLException {
		return new Topic(rs.getLong("id"), rs.getString("name"), rs.getString("description"), rs.getInt("position"));
	}

	private List<Topic> withTags(List<Topic> topics) {
		if (topics.isEmpty()) {
			return topics;
		}
		Map<Long, List<String>> tags = new LinkedHashMap<>();
		jdbc.sql("SELECT topic_id, tag FROM topic_tag WHERE topic_id IN (:ids) ORDER BY tag")
			.param("ids", topics.stream().map(Topic::id).toList())
			.query((rs, row) -> Map.entry(rs.getLong("topic_id"), rs.getString("tag")))
			.list()
			.forEach(pair -> tags.computeIfAbsent(pair.getKey(), key -> new ArrayList<>()).add(pair.getValue()));
		return topics.stream()
			.map(t -> new Topic(t.id(), t.name(), t.description(), t.position(), tags.get(t.id())))
			.toList();
	}

	private void storeTags(long topicId, List<String> tags) {
		if (tags == null) {
			return;
		}
		jdbc.sql("DELETE FROM topic_tag WHERE topic_id = ?").param(topicId).update();
		for (String tag : tags) {
			jdbc.sql("INSERT INTO topic_tag (topic_id, tag) VALUES (?, ?)").params(topicId, tag).update();
		}
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
		List<String> tags = input == null || input.tags() == null ? null : tags(input.tags(), errors);
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		return new Input(name, description, input.position(), tags);
	}

	/**
	 * The tags stripped, in lower case, once each, blanks dropped; problems into errors.
	 */
	private static List<String> tags(List<String> given, Map<String, String> errors) {
		Set<String> tags = new TreeSet<>();
		for (String tag : given) {
			String clean = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
			if (clean.isEmpty()) {
				continue;
			}
			if (clean.length() > MAX_TAG || clean.chars().anyMatch(Character::isISOControl)) {
				errors.put("tags", "A tag is one line of at most " + MAX_TAG + " characters.");
			}
			tags.add(clean);
		}
		if (tags.size() > MAX_TAGS) {
			errors.put("tags", "A topic has at most " + MAX_TAGS + " tags.");
		}
		return List.copyOf(tags);
	}

	private static Invalid duplicate() {
		return new Invalid(Map.of("name", "There is a topic of that name already."));
	}

}
