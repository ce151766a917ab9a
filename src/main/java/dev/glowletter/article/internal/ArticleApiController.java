package dev.glowletter.article.internal;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
		return ResponseEntity.ok(editor.find(id).orElseThrow(() -> notFound(id)));
	}

	@PutMapping("/{id}")
	ResponseEntity<?> update(@PathVariable long id, @RequestBody ArticleDraft draft) {
		return ResponseEntity.ok(editor.update(id, draft).orElseThrow(() -> notFound(id)));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<?> delete(@PathVariable long id) {
		if (!editor.delete(id)) {
			throw notFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * Newest first; {@code since} is an ISO 8601 instant or offset date-time (exclusive).
	 */
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
				throw new InvalidArticle(
						Map.of("since", "must be an ISO 8601 date-time with an offset, e.g. 2025-05-01T00:00:00Z"));
			}
		}
	}

	private static ArticleNotFound notFound(long id) {
		return new ArticleNotFound("article", id);
	}

}
