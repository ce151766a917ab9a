package dev.glowletter.article;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/feeds}: the blog's feeds the service imports articles from (admin). */
@RestController
@RequestMapping("/api/feeds")
class FeedApiController {

	private final FeedImport feedImport;

	FeedApiController(FeedImport feedImport) {
		this.feedImport = feedImport;
	}

	record FeedRequest(String url) {
	}

	@PostMapping
	ResponseEntity<Feed.FeedView> register(@RequestBody FeedRequest request) {
		Feed.FeedView feed = feedImport.register(request.url());
		return ResponseEntity.created(URI.create("/api/feeds/" + feed.id())).body(feed);
	}

	@GetMapping
	List<Feed.FeedView> list() {
		return feedImport.list();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<?> delete(@PathVariable long id) {
		return feedImport.delete(id) ? ResponseEntity.noContent().build() : notFound(id);
	}

	/** Polls now; answers with the feed and its last poll result (also when the poll failed). */
	@PostMapping("/{id}/poll")
	ResponseEntity<?> poll(@PathVariable long id) {
		return feedImport.poll(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	private static ResponseEntity<?> notFound(long id) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no feed " + id + "."));
	}

	@ExceptionHandler(InvalidArticle.class)
	ProblemDetail invalid(InvalidArticle ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The feed is not valid");
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(FeedImport.DuplicateFeed.class)
	ProblemDetail duplicate(FeedImport.DuplicateFeed ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Duplicate feed");
		problem.setProperty("errors", java.util.Map.of("url", "is registered already"));
		return problem;
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		return ApiProblems.unreadable(ex);
	}
}
