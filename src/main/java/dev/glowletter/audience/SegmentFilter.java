package dev.glowletter.audience;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a segment selects: readers who meet all (or any) of its conditions; no condition
 * selects everyone. As the admin writes it, checked by {@link Segments} before it is
 * stored or counted.
 *
 * @param match {@code all} (the default) or {@code any}
 */
public record SegmentFilter(@Schema(example = "all", allowableValues = {
		"all", "any" }) String match, List<Condition> conditions){

	public SegmentFilter {
		match = match == null || match.isBlank() ? "all" : match.strip();
		conditions = conditions == null ? List.of() : new ArrayList<>(conditions);
	}

	/**
	 * One condition on a reader. The kinds and their operators:
	 * <ul>
	 * <li>{@code status}: {@code in} (PENDING, CONFIRMED, UNSUBSCRIBED, BOUNCED);</li>
	 * <li>{@code topics}: {@code anyOf} (chose one of these topic ids), {@code noneOf}
	 * (chose none of them);</li>
	 * <li>{@code signedUp}: {@code before}, {@code after} one date, e.g. 2026-01-31;</li>
	 * <li>{@code source}: {@code in} (FORM, EMBED, API, IMPORT: how a consent was
	 * given);</li>
	 * <li>{@code field} (with {@code field}, the custom field's key, e.g.
	 * {@code skinType}): {@code equals} one value, {@code oneOf} several,
	 * {@code before}/{@code after} a date or {@code lessThan}/{@code greaterThan} a
	 * number, {@code empty}, {@code notEmpty} (no values);</li>
	 * <li>{@code softBounces}: {@code atLeast}, {@code atMost} a count of sends that
	 * soft-bounced;</li>
	 * <li>{@code timeZone}: {@code in} zone names, e.g. Europe/Paris; {@code unknown} (no
	 * zone of their own: the list's).</li>
	 * </ul>
	 * Engagement (opens, clicks) comes with tracking.
	 */
	public record Condition(@Schema(example = "field") String kind, @Schema(example = "oneOf") String operator,
			@Schema(example = "skinType", description = "the custom field's key, for kind field") String field,
			@Schema(example = "[\"dry\", \"combination\"]", description = VALUES) List<Object> values) {

		private static final String VALUES = "the values: text, numbers, dates or ids as the kind and operator take";

		public Condition {
			values = values == null ? List.of() : new ArrayList<>(values);
		}

	}

}
