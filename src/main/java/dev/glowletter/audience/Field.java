package dev.glowletter.audience;

import java.util.List;

/**
 * One of the list's custom fields, e.g. "Skin type": what the admin defined, and how a
 * reader's value of it is checked.
 *
 * @param key the name templates read it by, {@code subscriber.fields.skinType}
 * @param choices a {@link Kind#CHOICE} field's values, in the order shown; empty for the
 * other kinds
 * @param maxLength a {@link Kind#TEXT} field's longest value; null for the other kinds
 * @param onSignup whether the sign-up form (page, embed and JSON) offers it
 * @param position where it is shown among the others (smallest first)
 */
public record Field(long id, String key, String label, Kind kind, List<String> choices, Integer maxLength,
		boolean required, boolean onSignup, int position) {

	public Field {
		choices = choices == null ? List.of() : List.copyOf(choices);
	}

	/** What a field holds; each is kept in a column of its own type (V16). */
	public enum Kind {

		/** One line of text, at most {@code maxLength} characters. */
		TEXT,
		/** A decimal number, at most four places after the point. */
		NUMBER,
		/** A day, written as ISO {@code yyyy-MM-dd}. */
		DATE,
		/** One of the field's choices. */
		CHOICE

	}

}
