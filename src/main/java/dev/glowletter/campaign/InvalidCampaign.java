package dev.glowletter.campaign;

import java.util.Map;
import java.util.regex.Pattern;

import dev.glowletter.InvalidInput;

/**
 * A campaign that cannot be saved or scheduled as it is; each problem is named by its
 * field.
 */
public class InvalidCampaign extends InvalidInput {

	// public: the campaign API's slice test (CampaignApiControllerIntegrationTest) has
	// the service throw one
	public InvalidCampaign(Map<String, String> problems) {
		super(String.join(" ", problems.values()), problems);
	}

	private static final Pattern PLAIN = Pattern.compile("[\\p{Alnum} _/+:.*,?#@-]{1,80}");

	/**
	 * A value the admin sent, quoted so that the message can name it, when it is plain
	 * text; anything else (markup, line breaks, very long) is not repeated back.
	 */
	public static String quoted(String value) {
		return value != null && PLAIN.matcher(value).matches() ? "\"" + value + "\"" : "the value given";
	}

}
