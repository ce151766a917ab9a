package dev.glowletter.article.internal;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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
		if (!feedImport.delete(id)) {
			throw notFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * Polls now; answers with the feed and its last poll result (also when the poll
	 * failed).
	 */
	@PostMapping("/{id}/poll")
	ResponseEntity<?> poll(@PathVariable long id) {
		return ResponseEntity.ok(feedImport.poll(id).orElseThrow(() -> notFound(id)));
	}

	private static ArticleNotFound notFound(long id) {
		return new ArticleNotFound("feed", id);
	}

}
