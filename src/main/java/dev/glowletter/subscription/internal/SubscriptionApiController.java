package dev.glowletter.subscription.internal;

import java.util.List;
import java.util.Map;

import dev.glowletter.subscription.ConsentSource;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/subscriptions}: the sign-up for scripts and the blog's own pages (CORS
 * for the configured origins). Answers 202 alike for every address, so nobody learns who
 * is subscribed.
 */
@RestController
class SubscriptionApiController {

	private final Signups signups;

	SubscriptionApiController(Signups signups) {
		this.signups = signups;
	}

	/**
	 * The JSON body; {@code source} may be "embed" for the blog's footer form;
	 * {@code topics} the ids of the topics chosen (none: everything).
	 */
	record SubscriptionRequest(String email, String firstName, Boolean consent, String source, String website,
			List<Long> topics) {
	}

	@PostMapping(path = "/api/subscriptions", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> subscribe(@RequestBody SubscriptionRequest body, HttpServletRequest request) {
		ConsentSource source = "embed".equalsIgnoreCase(body.source()) ? ConsentSource.EMBED : ConsentSource.API;
		signups.accept(new SignupForm(body.email(), body.firstName(), body.consent(), body.website(), body.topics()),
				source, request);
		return ResponseEntity.accepted()
			.body(Map.of("status", "pending", "message",
					"Thanks! Check your inbox for an e-mail to confirm your subscription."));
	}

}
