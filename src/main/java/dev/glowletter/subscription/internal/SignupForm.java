package dev.glowletter.subscription.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.ReaderTopics;
import dev.glowletter.subscription.SubscribeRequest;

/**
 * What the sign-up form, the embed form and the JSON API send.
 *
 * @param website the honeypot: hidden from people, filled in by bots
 * @param topics the topics ticked (none: everything)
 */
// public only so that the page templates can read it back into the form
public record SignupForm(String email, String firstName, Boolean consent, String website, List<Long> topics) {

	/** A form with no topics ticked. */
	public SignupForm(String email, String firstName, Boolean consent, String website) {
		this(email, firstName, consent, website, null);
	}

	public SignupForm {
		topics = topics == null ? List.of() : topics.stream().filter(Objects::nonNull).distinct().toList();
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
	Map<String, String> problems(ReaderTopics readerTopics) {
		Map<String, String> problems = new LinkedHashMap<>();
		try {
			EmailAddress.parse(email);
		}
		catch (EmailAddress.Invalid ex) {
			problems.put("email", ex.getMessage());
		}
		problems.putAll(preferenceProblems(firstName, topics, readerTopics));
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

	SubscribeRequest toRequest(ConsentSource source, String ip, String userAgent) {
		return new SubscribeRequest(EmailAddress.parse(email), firstName, source, ip, userAgent, topics);
	}
}
