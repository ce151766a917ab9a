package dev.glowletter.webhook.internal;

import java.net.URI;
import java.util.List;

import dev.glowletter.webhook.Webhooks;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/webhooks}: the endpoints (OWNER only: their secrets sign what the list
 * tells the outside world), their deliveries, and sending one again.
 */
@RestController
@RequestMapping("/api/webhooks")
class WebhookApiController {

	private final Webhooks webhooks;

	WebhookApiController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	/** What an endpoint is made or changed with; {@code enabled} only in a change. */
	record EndpointRequest(String url, String description, List<String> events, Boolean enabled) {
	}

	@GetMapping
	List<Webhooks.Endpoint> list() {
		return webhooks.list();
	}

	@GetMapping("/{id}")
	Webhooks.Endpoint get(@PathVariable long id) {
		return webhooks.get(id);
	}

	/** The new endpoint with its secret, which no later answer shows. */
	@PostMapping
	ResponseEntity<Webhooks.Created> create(@RequestBody EndpointRequest request) {
		Webhooks.Created created = webhooks
			.create(new Webhooks.Input(request.url(), request.description(), request.events()));
		return ResponseEntity.created(URI.create("/api/webhooks/" + created.endpoint().id())).body(created);
	}

	@PatchMapping("/{id}")
	Webhooks.Endpoint update(@PathVariable long id, @RequestBody EndpointRequest request) {
		Webhooks.Endpoint endpoint = webhooks.update(id,
				new Webhooks.Input(request.url(), request.description(), request.events()));
		if (request.enabled() != null && request.enabled() != endpoint.enabled()) {
			endpoint = webhooks.enable(id, request.enabled());
		}
		return endpoint;
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		webhooks.delete(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/deliveries")
	List<Webhooks.Delivery> deliveries(@PathVariable long id, @RequestParam(defaultValue = "50") int limit) {
		return webhooks.deliveries(id, limit);
	}

	/** A new delivery of the same payload with the same {@code webhook-id}, due now. */
	@PostMapping("/deliveries/{id}/retry")
	ResponseEntity<Webhooks.Delivery> retry(@PathVariable long id) {
		return ResponseEntity.status(HttpStatus.CREATED).body(webhooks.resend(id));
	}

	@ExceptionHandler(Webhooks.Invalid.class)
	ProblemDetail invalid(Webhooks.Invalid ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The webhook endpoint is not valid");
		problem.setType(URI.create("urn:glowletter:problem:invalid-webhook"));
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(Webhooks.NotFound.class)
	ProblemDetail notFound(Webhooks.NotFound ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Not found");
		return problem;
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The body is not an endpoint: {\"url\": \"https://...\", \"description\": \"...\", "
						+ "\"events\": [\"subscriber.confirmed\", ...], \"enabled\": true}.");
		problem.setTitle("Unreadable request body");
		return problem;
	}

}
