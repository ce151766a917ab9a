package dev.glowletter.rendering.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.glowletter.rendering.NewsletterArchive;
import dev.glowletter.rendering.NewsletterContent;
import dev.glowletter.rendering.Newsletters;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /view/{token}}: the web version of a sent newsletter, by the signed link in
 * its footer. The token names the newsletter, not the reader, so the page carries
 * nobody's unsubscribe link.
 */
@RestController
class ViewInBrowserController {

	/**
	 * E-mail HTML styles with attributes and loads images from anywhere; it never runs
	 * scripts.
	 */
	static final String CSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; "
			+ "frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

	private final Newsletters newsletters;

	private final List<NewsletterArchive> archives;

	ViewInBrowserController(Newsletters newsletters, List<NewsletterArchive> archives) {
		this.newsletters = newsletters;
		this.archives = archives;
	}

	@GetMapping("/view/{token}")
	ResponseEntity<String> view(@PathVariable String token) {
		Optional<NewsletterContent> content = newsletters.viewedNewsletter(token)
			.flatMap(id -> archives.stream().map(archive -> archive.find(id)).flatMap(Optional::stream).findFirst())
			.or(() -> newsletters.viewedCopy(token)
				.flatMap(id -> archives.stream()
					.map(archive -> archive.findCopy(id))
					.flatMap(Optional::stream)
					.findFirst()));
		if (content.isEmpty()) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.TEXT_PLAIN)
				.body("This newsletter link is not valid, or the newsletter no longer exists.");
		}
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.header("Content-Security-Policy", CSP)
			.cacheControl(CacheControl.noCache())
			.body(newsletters.webVersion(content.get()).html());
	}

}
