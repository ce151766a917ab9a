package dev.glowletter.subscription.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.ReaderFields;
import dev.glowletter.subscription.ReaderTimeZones;
import dev.glowletter.subscription.ReaderTopics;
import dev.glowletter.subscription.SubscribeRequest;

/**
 * What the sign-up form, the embed form and the JSON API send.
 *
 * @param website the honeypot: hidden from people, filled in by bots
 * @param topics the topics ticked (none: everything)
 * @param fields the custom field values given, key to value as typed (a form sends them
 * as {@code fields[skinType]})
 * @param timeZone the browser's time zone, set by a few lines of script; one the tz
 * database does not know is ignored (the list's)
 */
// public only so that the page templates can read it back into the form
public record SignupForm(String email, String firstName, Boolean consent, String website, List<Long> topics,
		Map<String, String> fields, String timeZone) {

	/** Without a time zone: the list's. */
	public SignupForm(String email, String firstName, Boolean consent, String website, List<Long> topics,
			Map<String, String> fields) {
		this(email, firstName, consent, website, topics, fields, null);
	}

	/** A form with no topics ticked. */
	public SignupForm(String email, String firstName, Boolean consent, String website) {
		this(email, firstName, consent, website, null, null);
	}

	/** A form with no field values. */
	public SignupForm(String email, String firstName, Boolean consent, String website, List<Long> topics) {
		this(email, firstName, consent, website, topics, null);
	}

	public SignupForm {
		topics = topics == null ? List.of() : topics.stream().filter(Objects::nonNull).distinct().toList();
		fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
	}

	private static final Pattern FIELD_PARAMETER = Pattern.compile("fields\\[(.{1,100})\\]");

	/** At most this many values are looked at; more is no sign-up a person sends. */
	private static final int MAX_FIELDS = 100;

	/** The same form with the field values a page sent as {@code fields[key]}. */
	SignupForm withFieldParameters(Map<String, String[]> parameters) {
		return new SignupForm(email, firstName, consent, website, topics, fieldParameters(parameters), timeZone);
	}

	/**
	 * The custom field values a form sent, {@code fields[skinType]=Oily} as
	 * {@code skinType → Oily}: the first value of each, at most {@value #MAX_FIELDS}.
	 */
	static Map<String, String> fieldParameters(Map<String, String[]> parameters) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
			Matcher name = FIELD_PARAMETER.matcher(parameter.getKey());
			if (name.matches() && parameter.getValue().length > 0 && values.size() < MAX_FIELDS) {
				values.put(name.group(1), parameter.getValue()[0]);
			}
		}
		return values;
	}

	static final int MAX_FIRST_NAME = 100;

	static SignupForm empty() {
		return new SignupForm("", "", false, "");
	}

	boolean isBot() {
		return website != null && !website.isEmpty();
	}

	/**
	 * The problems with each field, in the order the form shows them; empty when all is
	 * well.
	 */
	Map<String, String> problems(ReaderTopics readerTopics, ReaderFields readerFields) {
		Map<String, String> problems = new LinkedHashMap<>();
		try {
			EmailAddress.parse(email);
		}
		catch (EmailAddress.Invalid ex) {
			problems.put("email", ex.getMessage());
		}
		problems.putAll(preferenceProblems(firstName, topics, readerTopics));
		problems.putAll(fieldProblems(fields, readerFields));
		if (!Boolean.TRUE.equals(consent)) {
			problems.put("consent", "Please tick the box to agree to receive the newsletter.");
		}
		return problems;
	}

	/**
	 * The problems with a first name and a choice of topics, as the sign-up form and the
	 * preference page take them; empty when all is well.
	 */
	static Map<String, String> preferenceProblems(String firstName, List<Long> topics, ReaderTopics readerTopics) {
		Map<String, String> problems = new LinkedHashMap<>();
		if (firstName != null) {
			if (firstName.length() > MAX_FIRST_NAME) {
				problems.put("firstName", "Please keep your first name under " + MAX_FIRST_NAME + " characters.");
			}
			else if (firstName.chars().anyMatch(c -> Character.isISOControl(c) || c == '<' || c == '>')) {
				problems.put("firstName", "Your first name cannot contain line breaks or angle brackets.");
			}
		}
		if (topics.size() > 50) {
			problems.put("topics", "Please choose at most 50 topics.");
		}
		else if (!topics.isEmpty()) {
			List<Long> unknown = readerTopics == null ? topics : readerTopics.unknown(topics);
			if (!unknown.isEmpty()) {
				problems.put("topics", "These topics do not exist: " + unknown + ".");
			}
		}
		return problems;
	}

	/**
	 * The problems with the field values a sign-up sent: only the fields the form shows
	 * exist (none without fields), and the required ones must be filled in.
	 */
	static Map<String, String> fieldProblems(Map<String, String> fields, ReaderFields readerFields) {
		if (readerFields != null) {
			return readerFields.signupProblems(fields);
		}
		return fields.isEmpty() ? Map.of() : Map.of("fields", "There are no fields " + fields.keySet() + ".");
	}

	SubscribeRequest toRequest(ConsentSource source, String ip, String userAgent) {
		// a zone the browser named that the tz database does not know is the list's
		return new SubscribeRequest(EmailAddress.parse(email), firstName, source, ip, userAgent, topics, fields,
				ReaderTimeZones.region(timeZone).orElse(null));
	}
}
