package dev.glowletter.subscription.internal;

import java.net.URI;

import dev.glowletter.subscription.TooManyRequests;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The subscription module's API errors (the sign-up, the admin's readers), as
 * ProblemDetails a person can act on.
 */
@RestControllerAdvice(assignableTypes = { SubscriptionApiController.class, SubscriberAdminApiController.class })
class SubscriptionProblems {

	@ExceptionHandler(Signups.Invalid.class)
	ProblemDetail invalidSignup(Signups.Invalid ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The sign-up is incomplete");
		problem.setType(URI.create("urn:glowletter:problem:invalid-signup"));
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(TooManyRequests.class)
	ResponseEntity<ProblemDetail> tooMany(TooManyRequests ex) {
		return retryLater(HttpStatus.TOO_MANY_REQUESTS, "Too many sign-ups", ex.getMessage(), ex.retryAfterSeconds());
	}

	@ExceptionHandler(Signups.Busy.class)
	ResponseEntity<ProblemDetail> busy(Signups.Busy ex) {
		return retryLater(HttpStatus.SERVICE_UNAVAILABLE, "Busy", ex.getMessage(), Signups.Busy.RETRY_AFTER_SECONDS);
	}

	private static ResponseEntity<ProblemDetail> retryLater(HttpStatus status, String title, String detail,
			long retryAfterSeconds) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
			.body(problem);
	}

	@ExceptionHandler(InvalidImport.class)
	ProblemDetail invalidImport(InvalidImport ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		if (!ex.errors().isEmpty()) {
			problem.setProperty("errors", ex.errors());
		}
		return problem;
	}

	@ExceptionHandler(SubscriberNotFound.class)
	ProblemDetail notFound(SubscriberNotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

}
