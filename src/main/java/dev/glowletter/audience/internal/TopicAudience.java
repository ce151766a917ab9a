package dev.glowletter.audience.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.glowletter.audience.Topic;
import dev.glowletter.audience.Topics;
import dev.glowletter.delivery.CampaignAudiences;
import dev.glowletter.delivery.ReaderCondition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The readers a campaign is for, as the queue fill asks: everyone when the campaign names
 * no topic and no segment; for topics, the readers who chose one of them, and those who
 * chose none (none means everything); for a segment, who matches its filter now (compiled
 * at each chunk of the fill, so the queue holds who matches at send time). Whoever it is
 * for, the readers' frequency is added ({@link FrequencyAudience}): a one-off campaign
 * goes to those who want every issue.
 */
@Component
class TopicAudience implements CampaignAudiences {

	private static final String OF_ITS_TOPICS = """
			(NOT EXISTS (SELECT 1 FROM subscriber_topic st WHERE st.subscriber_id = s.id)
			 OR EXISTS (SELECT 1 FROM subscriber_topic st JOIN campaign_topic ct ON ct.topic_id = st.topic_id
			            WHERE ct.campaign_id = :audCampaign AND st.subscriber_id = s.id))""";

	private final JdbcClient jdbc;

	private final CriteriaReader reader;

	private final StoredFilters filters;

	private final Topics topics;

	TopicAudience(JdbcClient jdbc, CriteriaReader reader, StoredFilters filters, Topics topics) {
		this.jdbc = jdbc;
		this.topics = topics;
		this.reader = reader;
		this.filters = filters;
	}

	@Override
	public ReaderCondition readerCondition(long campaignId) {
		Optional<String> segment = jdbc
			.sql("SELECT sg.filter FROM campaign c JOIN segment sg ON sg.id = c.segment_id WHERE c.id = ?")
			.param(campaignId)
			.query(String.class)
			.optional();
		if (segment.isPresent()) {
			return FrequencyAudience.and(ofSegment(segment.get()), cadence(campaignId));
		}
		boolean forTopics = jdbc.sql("SELECT COUNT(*) FROM campaign_topic WHERE campaign_id = ?")
			.param(campaignId)
			.query(Integer.class)
			.single() > 0;
		return FrequencyAudience.and(forTopics ? new ReaderCondition(OF_ITS_TOPICS, Map.of("audCampaign", campaignId))
				: ReaderCondition.EVERYONE, cadence(campaignId));
	}

	/** The cadence of the digest whose edition the campaign is; null if none. */
	private String cadence(long campaignId) {
		return jdbc
			.sql("SELECT d.cadence FROM campaign c JOIN digest d ON d.id = c.digest_id WHERE c.id = ? AND d.cadence "
					+ "IS NOT NULL")
			.param(campaignId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/**
	 * An article of a personal edition's pool is for a reader who chose no topic, when it
	 * is in no topic, or when it is in one of the reader's. The pool's articles are
	 * grouped by their topics here (a pool holds at most a hundred), so the fill probes
	 * the reader's topics once per article, with the values bound.
	 */
	@Override
	public ReaderCondition articleForReader(Collection<Long> pool, String reader, String article) {
		Map<Set<Long>, List<Long>> byTopics = new LinkedHashMap<>();
		topics.ofArticles(pool)
			.forEach((id, its) -> byTopics
				.computeIfAbsent(its.stream().map(Topic::id).collect(Collectors.toCollection(TreeSet::new)),
						key -> new ArrayList<>())
				.add(id));
		byTopics.remove(Set.of());
		if (byTopics.isEmpty()) {
			return ReaderCondition.EVERYONE;
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		List<String> groups = new ArrayList<>();
		byTopics.forEach((topicIds, articles) -> {
			int i = groups.size();
			groups.add("(" + article + " IN (:audPoolA" + i + ") AND pt.topic_id IN (:audPoolT" + i + "))");
			parameters.put("audPoolA" + i, articles);
			parameters.put("audPoolT" + i, topicIds);
		});
		parameters.put("audPoolTopical", byTopics.values().stream().flatMap(List::stream).toList());
		return new ReaderCondition("(" + article + " NOT IN (:audPoolTopical)"
				+ " OR NOT EXISTS (SELECT 1 FROM subscriber_topic pt WHERE pt.subscriber_id = " + reader + ")"
				+ " OR EXISTS (SELECT 1 FROM subscriber_topic pt WHERE pt.subscriber_id = " + reader + " AND ("
				+ String.join(" OR ", groups) + ")))", parameters);
	}

	private ReaderCondition ofSegment(String filter) {
		Map<String, String> errors = new LinkedHashMap<>();
		Criteria criteria = reader.read(filters.read(filter), false, errors);
		if (!errors.isEmpty()) {
			// checked when saved: only a field whose kind changed since could fail here;
			// sending to others than the segment's readers would be worse than stopping
			throw new IllegalStateException("The campaign's segment no longer reads: " + errors.values());
		}
		return criteria.toCondition();
	}

}
