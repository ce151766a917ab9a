package dev.glowletter.subscription.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.glowletter.InvalidInput;
import dev.glowletter.subscription.ReaderPreferences;
import dev.glowletter.subscription.ReaderTimeZones;
import dev.glowletter.subscription.ReaderTopics;
import dev.glowletter.subscription.Subscriptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.DatabindException;

/**
 * A reader's choices, for the admin: what their preference page sets (topics, first name,
 * how often, a pause), read and replaced as a whole. Each change is a line in the
 * reader's history saying an admin made it; a wrong field is a 400 naming it, and then
 * nothing is stored.
 */
@RestController
@RequestMapping("/api/subscribers/{id}/preferences")
class ReaderPreferencesApiController {

	/** How far ahead an admin may pause a reader's newsletter. */
	static final Duration LONGEST_PAUSE = Duration.ofDays(366);

	private final Subscriptions subscriptions;

	private final ObjectProvider<ReaderTopics> readerTopics;

	private final Clock clock;

	ReaderPreferencesApiController(Subscriptions subscriptions, ObjectProvider<ReaderTopics> readerTopics,
			Clock clock) {
		this.subscriptions = subscriptions;
		this.readerTopics = readerTopics;
		this.clock = clock;
	}

	@GetMapping
	ReaderPreferences get(@PathVariable long id) {
		return subscriptions.preferences(id).orElseThrow(() -> new SubscriberNotFound(id));
	}

	/**
	 * Replaces the reader's choices: a field left out is its default (no topics:
	 * everything; no name; EVERY; not paused; the list's time zone).
	 */
	@PutMapping
	ReaderPreferences put(@PathVariable long id, @RequestBody ReaderPreferences wanted) {
		Map<String, String> problems = new LinkedHashMap<>();
		SignupForm.preferenceProblems(wanted.firstName(), wanted.topicIds(), readerTopics.getIfAvailable())
			.forEach((field, problem) -> problems.put("topics".equals(field) ? "topicIds" : field, problem));
		Instant now = clock.instant();
		if (wanted.pausedUntil() != null
				&& (!wanted.pausedUntil().isAfter(now) || wanted.pausedUntil().isAfter(now.plus(LONGEST_PAUSE)))) {
			problems.put("pausedUntil", "A pause ends within " + LONGEST_PAUSE.toDays()
					+ " days from now; leave it out (null) to resume at once.");
		}
		if (wanted.timeZone() != null && ReaderTimeZones.region(wanted.timeZone()).isEmpty()) {
			problems.put("timeZone", ReaderTimeZones.PROBLEM + " Leave it out (null) for the list's.");
		}
		if (!problems.isEmpty()) {
			throw new InvalidPreferences(problems);
		}
		return subscriptions.changePreferences(id, wanted).orElseThrow(() -> new SubscriberNotFound(id));
	}

	/** Choices that cannot be stored; nothing was. */
	static class InvalidPreferences extends InvalidInput {

		InvalidPreferences(Map<String, String> problems) {
			super(String.join(" ", problems.values()), problems);
		}

	}

	@ExceptionHandler(InvalidPreferences.class)
	ProblemDetail invalid(InvalidPreferences ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The preferences were not saved");
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	/** A value of the wrong type (a frequency we do not know, a date that is none). */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON.");
		problem.setTitle("The preferences were not saved");
		if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = databind.getPath()
				.stream()
				.map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.collect(Collectors.joining("."));
			String hint = "frequency".equals(field) ? "is EVERY, WEEKLY or MONTHLY"
					: "has a value of the wrong type or format";
			problem.setDetail("The field " + field + " " + hint + ".");
			problem.setProperty("errors", Map.of(field, hint));
		}
		return problem;
	}

	@ExceptionHandler(SubscriberNotFound.class)
	ProblemDetail notFound(SubscriberNotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

}
