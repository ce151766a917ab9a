package dev.glowletter.audience;

import java.util.List;

/**
 * One of the list's topics.
 *
 * @param position where it is shown among the others (smallest first)
 * @param tags besides its own name, the article tags (and so the feed categories) that
 * put an article in this topic; lower case
 */
public record Topic(long id, String name, String description, int position, List<String> tags) {

	public Topic {
		tags = tags == null ? List.of() : List.copyOf(tags);
	}

	public Topic(long id, String name, String description, int position) {
		this(id, name, description, position, List.of());
	}
}
