package dev.glowletter.subscription.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.ReaderTimeZones;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/subscriptions}: the sign-up for scripts and the blog's own pages (CORS
 * for the configured origins). Answers 202 alike for every address, so nobody learns who
 * is subscribed.
 */
@RestController
class SubscriptionApiController {

	/**
	 * The answer, the same for every address, written as it is: the message converters'
	 * choosing and Jackson's writing of it cost a sign-up more than its consent's insert.
	 */
	static final String ACCEPTED = """
			{"status":"pending","message":"Thanks! Check your inbox for an e-mail to confirm your subscription."}""";

	private static final byte[] ACCEPTED_BYTES = ACCEPTED.getBytes(StandardCharsets.UTF_8);

	/** {@link #ACCEPTED}'s shape, for the API's documentation. */
	record Accepted(String status, String message) {
	}

	private final Signups signups;

	SubscriptionApiController(Signups signups) {
		this.signups = signups;
	}

	/**
	 * The JSON body; {@code source} may be "embed" for the blog's footer form;
	 * {@code topics} the ids of the topics chosen (none: everything); {@code fields} the
	 * values of the fields the sign-up form shows, e.g. {@code {"skinType": "Oily"}};
	 * {@code timeZone} the reader's, e.g. {@code Europe/Paris} (none: the list's).
	 */
	record SubscriptionRequest(String email, String firstName, Boolean consent, String source, String website,
			List<Long> topics, Map<String, Object> fields, String timeZone) {
	}

	@PostMapping(path = "/api/subscriptions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@ApiResponse(responseCode = "202",
			description = "Recorded; a confirmation e-mail is on its way (the same answer for every address)",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Accepted.class, example = ACCEPTED)))
	void subscribe(@RequestBody SubscriptionRequest body, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ConsentSource source = "embed".equalsIgnoreCase(body.source()) ? ConsentSource.EMBED : ConsentSource.API;
		if (body.timeZone() != null && ReaderTimeZones.region(body.timeZone()).isEmpty()) {
			throw new Signups.Invalid(Map.of("timeZone", ReaderTimeZones.PROBLEM));
		}
		signups.accept(new SignupForm(body.email(), body.firstName(), body.consent(), body.website(), body.topics(),
				texts(body.fields()), body.timeZone()), source, request);
		response.setStatus(HttpStatus.ACCEPTED.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(ACCEPTED_BYTES.length);
		response.getOutputStream().write(ACCEPTED_BYTES);
	}

	/** The JSON values as text (a number as written); a list or an object is refused. */
	private static Map<String, String> texts(Map<String, Object> fields) {
		Map<String, String> texts = new LinkedHashMap<>();
		Map<String, String> problems = new LinkedHashMap<>();
		if (fields != null) {
			fields.forEach((key, value) -> {
				if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
					texts.put(key, value == null ? "" : value.toString());
				}
				else {
					problems.put("fields." + key, "Send one value: text, a number or a date.");
				}
			});
		}
		if (!problems.isEmpty()) {
			throw new Signups.Invalid(problems);
		}
		return texts;
	}

}
