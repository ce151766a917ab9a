package dev.glowletter.audience.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.glowletter.InvalidInput;
import dev.glowletter.audience.Fields;
import dev.glowletter.subscription.Subscriptions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A reader's custom field values, for the admin: read them, or set them all at once
 * (checked as every other way in checks them).
 */
@RestController
@RequestMapping("/api/subscribers/{id}/fields")
class ReaderFieldApiController {

	private final Fields fields;

	private final Subscriptions subscriptions;

	ReaderFieldApiController(Fields fields, Subscriptions subscriptions) {
		this.fields = fields;
		this.subscriptions = subscriptions;
	}

	/** Key to value, in the fields' order; a field without a value is left out. */
	@GetMapping
	Map<String, String> get(@PathVariable long id) {
		requireReader(id);
		return fields.valuesOf(id);
	}

	/**
	 * Makes these the reader's values (key to value; a field left out or blank has none),
	 * and answers them as stored.
	 */
	@PutMapping
	Map<String, String> put(@PathVariable long id, @RequestBody Map<String, Object> values) {
		requireReader(id);
		return fields.replace(id, texts(values));
	}

	private void requireReader(long id) {
		if (subscriptions.find(id).isEmpty()) {
			throw new NoSuchReader(id);
		}
	}

	/**
	 * The JSON values as text: a number as written, null as none; a list or an object is
	 * no field's value.
	 */
	static Map<String, String> texts(Map<String, Object> values) {
		Map<String, String> texts = new LinkedHashMap<>();
		Map<String, String> problems = new LinkedHashMap<>();
		if (values != null) {
			values.forEach((key, value) -> {
				if (value == null) {
					texts.put(key, "");
				}
				else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
					texts.put(key, value.toString());
				}
				else {
					problems.put("fields." + key, "Send one value: text, a number or a date.");
				}
			});
		}
		if (!problems.isEmpty()) {
			throw new BadValues(problems);
		}
		return texts;
	}

	/** A value no field takes, before any field is looked at. */
	static final class BadValues extends InvalidInput {

		BadValues(Map<String, String> problems) {
			super(String.join(" ", problems.values()), problems);
		}

	}

	/** No reader with that id. */
	static final class NoSuchReader extends RuntimeException {

		NoSuchReader(long id) {
			super("There is no subscriber " + id + ".");
		}

	}

	@ExceptionHandler(Fields.Invalid.class)
	ProblemDetail invalid(Fields.Invalid ex) {
		return FieldApiController.FieldProblems.of(HttpStatus.BAD_REQUEST, ex);
	}

	@ExceptionHandler(BadValues.class)
	ProblemDetail badValues(BadValues ex) {
		return FieldApiController.FieldProblems.of(HttpStatus.BAD_REQUEST, ex);
	}

	@ExceptionHandler(NoSuchReader.class)
	ProblemDetail notFound(NoSuchReader ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

}
