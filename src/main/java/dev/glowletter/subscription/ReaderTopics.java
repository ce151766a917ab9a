package dev.glowletter.subscription;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The port through which the sign-up offers the list's topics and keeps a reader's
 * choice: the audience module implements it. Without an implementation, no topics are
 * offered.
 */
public interface ReaderTopics {

	/** A topic as the sign-up form shows it. */
	record Offered(long id, String name, String description) {
	}

	/** The topics a reader may choose, in their order. */
	List<Offered> offered();

	/** Those of the ids that name no topic. */
	List<Long> unknown(Collection<Long> topicIds);

	/** The topics the reader chose (none: everything). */
	List<Long> chosen(long subscriberId);

	/**
	 * The names of the topics each reader chose, for the CSV export; readers who chose
	 * none (everything) are left out.
	 */
	default Map<Long, List<String>> chosenNames(Collection<Long> subscriberIds) {
		Map<Long, String> names = new HashMap<>();
		offered().forEach(topic -> names.put(topic.id(), topic.name()));
		Map<Long, List<String>> chosen = new HashMap<>();
		for (Long subscriberId : subscriberIds) {
			List<String> of = chosen(subscriberId).stream().map(names::get).toList();
			if (!of.isEmpty()) {
				chosen.put(subscriberId, of);
			}
		}
		return chosen;
	}

	/**
	 * Makes these the reader's topics (none: everything), in the caller's transaction.
	 */
	void choose(long subscriberId, Collection<Long> topicIds);

	/** {@link #choose} for many readers at once (an import's chunk). */
	default void chooseAll(Map<Long, ? extends Collection<Long>> topicsBySubscriber) {
		topicsBySubscriber.forEach(this::choose);
	}

}
