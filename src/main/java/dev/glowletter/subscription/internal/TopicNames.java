package dev.glowletter.subscription.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CSV cell that names topics, as the subscribers' export writes it: names
 * separated by semicolons ({@code Hair; Skin care}), in any case, blanks around them and
 * empty names ignored. A name that itself holds a semicolon is still found (the longest
 * run of parts that is a topic wins), and the apostrophe the export puts before a cell a
 * spreadsheet would run as a formula ({@code '-Hair}) is taken off again. Public for
 * {@code SubscriberImport} in the module's base package.
 */
public final class TopicNames {

	/**
	 * What a cell named: the topics found, in the cell's order, and the names that are
	 * none.
	 */
	public record Read(List<Long> topicIds, List<String> unknown) {
	}

	private final Map<String, Long> ids = new HashMap<>();

	/**
	 * @param topics each topic's name and id
	 */
	public TopicNames(Map<String, Long> topics) {
		topics.forEach((name, id) -> ids.put(key(name), id));
	}

	public Read read(String cell) {
		String[] parts = cell.split(";", -1);
		Set<Long> found = new LinkedHashSet<>();
		List<String> unknown = new ArrayList<>();
		int from = 0;
		while (from < parts.length) {
			int to = parts.length;
			Long id = null;
			for (; to > from; to--) {
				id = find(String.join(";", List.of(parts).subList(from, to)));
				if (id != null) {
					break;
				}
			}
			if (id != null) {
				found.add(id);
				from = to;
				continue;
			}
			String name = parts[from].strip();
			if (!name.isEmpty()) {
				unknown.add(name);
			}
			from++;
		}
		return new Read(List.copyOf(found), List.copyOf(unknown));
	}

	private Long find(String name) {
		String key = key(name);
		if (key.isEmpty()) {
			return null;
		}
		Long id = ids.get(key);
		if (id == null && key.length() > 1 && key.charAt(0) == '\'' && "=+-@".indexOf(key.charAt(1)) >= 0) {
			id = ids.get(key.substring(1));
		}
		return id;
	}

	private static String key(String name) {
		return name.strip().toLowerCase(Locale.ROOT);
	}

}
