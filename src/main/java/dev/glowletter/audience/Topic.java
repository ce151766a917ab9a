package dev.glowletter.audience;

/**
 * One of the list's topics.
 *
 * @param position where it is shown among the others (smallest first)
 */
public record Topic(long id, String name, String description, int position) {
}
