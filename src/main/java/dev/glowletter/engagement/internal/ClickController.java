package dev.glowletter.engagement.internal;

import java.util.Base64;
import java.util.Optional;

import dev.glowletter.delivery.TrackedLinks;
import dev.glowletter.delivery.TrackedLinks.Target;
import dev.glowletter.rendering.Newsletters;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The click tracker: a valid link of a campaign copy is recorded (a moment later, in a
 * batch) and answered with a redirect to the article the copy linked to; any other token
 * is a 404 that records nothing and leads nowhere. The target comes from the copy's
 * campaign, never from the request. A link of a mail sent before tracking was turned off,
 * or before its reader said "don't track my clicks", still leads to its article, and
 * records nothing.
 */
@RestController
class ClickController {

	private static final String NOT_FOUND = "This link is not valid, or it has expired.";

	/** A transparent 1×1 GIF. */
	private static final byte[] PIXEL = Base64.getDecoder()
		.decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

	private final Newsletters newsletters;

	private final TrackedLinks links;

	private final ClickRecorder recorder;

	ClickController(Newsletters newsletters, TrackedLinks links, ClickRecorder recorder) {
		this.newsletters = newsletters;
		this.links = links;
		this.recorder = recorder;
	}

	/**
	 * A tracked copy's open pixel (only in copies while opens are counted): the image,
	 * and the open recorded; any other token a 404.
	 */
	@GetMapping("/o/{token}")
	ResponseEntity<byte[]> open(@PathVariable String token) {
		Optional<Target> copy = newsletters.openedCopy(token).flatMap(links::copy);
		if (copy.isEmpty()) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).cacheControl(CacheControl.noStore()).build();
		}
		if (copy.get().recorded()) {
			recorder.recordOpen(copy.get());
		}
		return ResponseEntity.ok().contentType(MediaType.IMAGE_GIF).cacheControl(CacheControl.noStore()).body(PIXEL);
	}

	// GET, and HEAD with it (a link checker's)
	@GetMapping("/r/{token}")
	ResponseEntity<String> follow(@PathVariable String token, HttpServletRequest request) {
		Optional<Target> target = newsletters.clickedLink(token)
			.flatMap(signed -> links.target(signed.id(), signed.version()));
		if (target.isEmpty()) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.TEXT_PLAIN)
				.cacheControl(CacheControl.noStore())
				.body(NOT_FOUND);
		}
		if (target.get().recorded()) {
			recorder.record(target.get(), request.getMethod(), request.getHeader(HttpHeaders.USER_AGENT));
		}
		return ResponseEntity.status(HttpStatus.FOUND)
			.header(HttpHeaders.LOCATION, target.get().url())
			.cacheControl(CacheControl.noStore())
			.build();
	}

}
