package dev.glowletter.subscription;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin's view of one reader, and erasing them (GDPR). */
@RestController
@RequestMapping("/api/subscribers")
class SubscriberAdminApiController {

	private final Subscriptions subscriptions;

	SubscriberAdminApiController(Subscriptions subscriptions) {
		this.subscriptions = subscriptions;
	}

	@GetMapping("/{id}")
	ResponseEntity<?> get(@PathVariable long id) {
		return subscriptions.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<?> erase(@PathVariable long id) {
		return subscriptions.erase(id) ? ResponseEntity.noContent().build() : notFound(id);
	}

	private static ResponseEntity<?> notFound(long id) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no subscriber " + id + "."));
	}
}
