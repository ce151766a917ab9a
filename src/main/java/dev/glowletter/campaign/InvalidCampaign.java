package dev.glowletter.campaign;

import java.util.Map;

/** A campaign that cannot be saved or scheduled as it is; each problem is named by its field. */
public class InvalidCampaign extends RuntimeException {

	private final transient Map<String, String> problems;

	InvalidCampaign(Map<String, String> problems) {
		super(String.join(" ", problems.values()));
		this.problems = Map.copyOf(problems);
	}

	public Map<String, String> problems() {
		return problems;
	}

	private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[\\p{Alnum} _/+:.*,?#@-]{1,80}");

	/**
	 * A value the admin sent, quoted so that the message can name it, when it is plain text;
	 * anything else (markup, line breaks, very long) is not repeated back.
	 */
	public static String quoted(String value) {
		return value != null && PLAIN.matcher(value).matches() ? "\"" + value + "\"" : "the value given";
	}
}
