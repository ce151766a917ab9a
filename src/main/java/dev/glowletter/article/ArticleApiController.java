package dev.glowletter.article;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** {@code /api/articles}: the admin's articles (HTTP Basic, see the admin module). */
@RestController
@RequestMapping("/api/articles")
class ArticleApiController {

	private final ArticleEditor editor;

	ArticleApiController(ArticleEditor editor) {
		this.editor = editor;
	}

	@PostMapping
	ResponseEntity<ArticleView> create(@RequestBody ArticleDraft draft) {
		ArticleView created = editor.create(draft);
		return ResponseEntity.created(URI.create("/api/articles/" + created.id())).body(created);
	}

	@GetMapping("/{id}")
	ResponseEntity<?> get(@PathVariable long id) {
		return editor.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	@PutMapping("/{id}")
	ResponseEntity<?> update(@PathVariable long id, @RequestBody ArticleDraft draft) {
		return editor.update(id, draft).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<?> delete(@PathVariable long id) {
		return editor.delete(id) ? ResponseEntity.noContent().build() : notFound(id);
	}

	/** Newest first; {@code since} is an ISO 8601 instant or offset date-time (exclusive). */
	@GetMapping
	ArticleView.Page list(@RequestParam(required = false) String since, @RequestParam(required = false) String tag,
			@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return editor.list(new ArticleEditor.Filter(instant(since), tag, q), page, size);
	}

	private static Instant instant(String since) {
		if (since == null || since.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(since.strip()).toInstant();
		}
		catch (DateTimeParseException notOffset) {
			try {
				return Instant.parse(since.strip());
			}
			catch (DateTimeParseException ex) {
				throw new InvalidArticle(java.util.Map.of("since", "must be an ISO 8601 date-time with an offset, e.g. 2025-05-01T00:00:00Z"));
			}
		}
	}

	private static ResponseEntity<?> notFound(long id) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no article " + id + "."));
	}

	@ExceptionHandler(InvalidArticle.class)
	ProblemDetail invalid(InvalidArticle ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The article is not valid");
		problem.setType(URI.create("urn:glowletter:problem:invalid-article"));
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(DuplicateArticle.class)
	ProblemDetail duplicate(DuplicateArticle ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Duplicate article URL");
		problem.setType(URI.create("urn:glowletter:problem:duplicate-article"));
		problem.setProperty("errors", java.util.Map.of("url", "is used by another article"));
		if (ex.existingId != null) {
			problem.setProperty("existingId", ex.existingId);
		}
		return problem;
	}

	/** Unreadable JSON, or a value of the wrong type: named by its JSON path when Jackson knows it. */
	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		return ApiProblems.unreadable(ex);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail badParameter(MethodArgumentTypeMismatchException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The parameter " + ex.getName() + " has the wrong type.");
		problem.setProperty("errors", java.util.Map.of(ex.getName(), "has the wrong type"));
		return problem;
	}
}
