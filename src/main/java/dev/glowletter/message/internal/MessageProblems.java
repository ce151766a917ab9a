package dev.glowletter.message.internal;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The transactional API's errors, as problem details a person can act on. */
@RestControllerAdvice(assignableTypes = MessageApiController.class)
class MessageProblems {

	@ExceptionHandler(MessageRequests.Invalid.class)
	ProblemDetail invalid(MessageRequests.Invalid ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The message is not valid");
		problem.setType(URI.create("urn:glowletter:problem:invalid-message"));
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(Messages.Refused.class)
	ProblemDetail refused(Messages.Refused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("This address gets no marketing mail");
		problem.setType(URI.create("urn:glowletter:problem:address-refused"));
		problem.setProperty("reason", ex.reason());
		return problem;
	}

	@ExceptionHandler(Messages.KeyReused.class)
	ProblemDetail keyReused(Messages.KeyReused ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		problem.setTitle("Idempotency-Key used for another message");
		problem.setType(URI.create("urn:glowletter:problem:idempotency-key-reused"));
		return problem;
	}

	@ExceptionHandler(Messages.InProgress.class)
	ResponseEntity<ProblemDetail> inProgress(Messages.InProgress ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Being answered");
		problem.setType(URI.create("urn:glowletter:problem:idempotency-key-in-progress"));
		return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	@ExceptionHandler(MessageApiController.TooLarge.class)
	ProblemDetail tooLarge(MessageApiController.TooLarge ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setTitle("Request too large");
		return problem;
	}

	@ExceptionHandler(MessageApiController.MessageNotFound.class)
	ProblemDetail notFound(MessageApiController.MessageNotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

}
