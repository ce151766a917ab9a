package dev.glowletter.article.internal;

import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;

import dev.glowletter.rendering.TemplateProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.DatabindException;

/**
 * The article module's API errors (articles, feeds, previews), as ProblemDetails a person
 * can act on.
 */
@RestControllerAdvice(
		assignableTypes = { ArticleApiController.class, FeedApiController.class, DigestPreviewController.class })
// before Boot's problem details for Spring MVC's own exceptions: an unreadable body is
// named by its field here
@Order(Ordered.HIGHEST_PRECEDENCE)
class ArticleProblems {

	@ExceptionHandler(InvalidArticle.class)
	ProblemDetail invalidArticle(InvalidArticle ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The article is not valid");
		problem.setType(URI.create("urn:glowletter:problem:invalid-article"));
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(DuplicateArticle.class)
	ProblemDetail duplicateArticle(DuplicateArticle ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Duplicate article URL");
		problem.setType(URI.create("urn:glowletter:problem:duplicate-article"));
		problem.setProperty("errors", Map.of("url", "is used by another article"));
		if (ex.existingId != null) {
			problem.setProperty("existingId", ex.existingId);
		}
		return problem;
	}

	@ExceptionHandler(InvalidFeed.class)
	ProblemDetail invalidFeed(InvalidFeed ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The feed is not valid");
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(FeedImport.DuplicateFeed.class)
	ProblemDetail duplicateFeed(FeedImport.DuplicateFeed ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Duplicate feed");
		problem.setProperty("errors", Map.of("url", "is registered already"));
		return problem;
	}

	@ExceptionHandler(InvalidParameter.class)
	ProblemDetail invalidParameter(InvalidParameter ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(ArticleNotFound.class)
	ProblemDetail notFound(ArticleNotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(TemplateProblem.class)
	ProblemDetail templateProblem(TemplateProblem ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		problem.setTitle("The template does not render");
		problem.setType(URI.create("urn:glowletter:problem:template"));
		problem.setProperty("template", ex.template());
		problem.setProperty("line", ex.line());
		problem.setProperty("column", ex.column());
		return problem;
	}

	/**
	 * Unreadable JSON, or a value of the wrong type: named by its JSON path when Jackson
	 * knows it.
	 */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON.");
		problem.setTitle("Unreadable request");
		Throwable cause = ex.getCause();
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			String field = databind.getPath()
				.stream()
				.map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
				.collect(Collectors.joining("."));
			problem.setDetail("The field " + field + " has a value of the wrong type or format.");
			problem.setProperty("errors", Map.of(field, "has a value of the wrong type or format"));
		}
		return problem;
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail badParameter(MethodArgumentTypeMismatchException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The parameter " + ex.getName() + " has the wrong type.");
		problem.setProperty("errors", Map.of(ex.getName(), "has the wrong type"));
		return problem;
	}

}
