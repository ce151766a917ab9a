package dev.glowletter.audience.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.glowletter.audience.Topics;
import dev.glowletter.subscription.ReaderTopics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The topics the sign-up offers, and each reader's choice of them. */
@Component
class ReaderTopicStore implements ReaderTopics {

	private final Topics topics;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	ReaderTopicStore(Topics topics, JdbcClient jdbc, JdbcTemplate batch) {
		this.topics = topics;
		this.jdbc = jdbc;
		this.batch = batch;
	}

	@Override
	public List<Offered> offered() {
		return topics.list().stream().map(t -> new Offered(t.id(), t.name(), t.description())).toList();
	}

	@Override
	public List<Long> unknown(Collection<Long> topicIds) {
		return topics.unknown(topicIds);
	}

	@Override
	public List<Long> chosen(long subscriberId) {
		return jdbc.sql("SELECT topic_id FROM subscriber_topic WHERE subscriber_id = ? ORDER BY topic_id")
			.param(subscriberId)
			.query(Long.class)
			.list();
	}

	@Override
	public Map<Long, List<String>> chosenNames(Collection<Long> subscriberIds) {
		if (subscriberIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, List<String>> chosen = new HashMap<>();
		jdbc.sql("""
				SELECT st.subscriber_id, t.name FROM subscriber_topic st JOIN topic t ON t.id = st.topic_id
				WHERE st.subscriber_id IN (:ids) ORDER BY st.subscriber_id, t.position, t.name""")
			.param("ids", new TreeSet<>(subscriberIds))
			.query(rs -> {
				chosen.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(rs.getString(2));
			});
		return chosen;
	}

	@Override
	public void choose(long subscriberId, Collection<Long> topicIds) {
		jdbc.sql("DELETE FROM subscriber_topic WHERE subscriber_id = ?").param(subscriberId).update();
		Set<Long> chosen = new TreeSet<>(topicIds);
		for (Long topicId : chosen) {
			jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)")
				.params(subscriberId, topicId)
				.update();
		}
	}

	@Override
	public void chooseAll(Map<Long, ? extends Collection<Long>> topicsBySubscriber) {
		if (topicsBySubscriber.isEmpty()) {
			return;
		}
		jdbc.sql("DELETE FROM subscriber_topic WHERE subscriber_id IN (:ids)")
			.param("ids", new TreeSet<>(topicsBySubscriber.keySet()))
			.update();
		List<long[]> rows = new ArrayList<>();
		topicsBySubscriber.forEach((subscriberId, topicIds) -> new TreeSet<>(topicIds)
			.forEach(topicId -> rows.add(new long[] { subscriberId, topicId })));
		batch.batchUpdate("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)", rows, 500,
				(ps, row) -> {
					ps.setLong(1, row[0]);
					ps.setLong(2, row[1]);
				});
	}

}
