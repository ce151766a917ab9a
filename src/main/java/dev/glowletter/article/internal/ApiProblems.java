package dev.glowletter.article.internal;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.DatabindException;

/** Problem details shared by the module's REST controllers. */
final class ApiProblems {

	private ApiProblems() {
	}

	/** A request body that is not JSON, or has a value of the wrong type, named by its path. */
	static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is not valid JSON.");
		problem.setTitle("Unreadable request");
		Throwable cause = ex.getCause();
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = databind.getPath().stream()
				.map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.collect(Collectors.joining("."));
			problem.setDetail("The field " + field + " has a value of the wrong type or format.");
			problem.setProperty("errors", Map.of(field, "has a value of the wrong type or format"));
		}
		return problem;
	}
}
