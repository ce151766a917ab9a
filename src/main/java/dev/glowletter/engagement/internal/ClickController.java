package dev.glowletter.engagement.internal;

import java.util.Base64;
import java.util.Optional;

import dev.glowletter.delivery.TrackedLinks;
import dev.glowletter.delivery.TrackedLinks.Target;
import dev.glowletter.rendering.Newsletters;
import dev.glowletter.rendering.Newsletters.ClickedLink;
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
 * campaign, never from the request; the redirect asks the database nothing (the link
 * names the copy's campaign and reader, the campaign's links and the erased readers are
 * in memory), the recorder checks the copy when it writes the click. A link of a mail
 * sent before tracking was turned off, or before its reader said "don't track my clicks",
 * still leads to its article, and records nothing.
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
		Optional<Target> target = newsletters.clickedLink(token).flatMap(this::target);
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

	/**
	 * A link that names its campaign and reader is answered from memory; one of a mail
	 * sent before links named them looks its copy up.
	 */
	private Optional<Target> target(ClickedLink link) {
		return link.campaignId() > 0
				? links.target(link.copyId(), link.campaignId(), link.subscriberId(), link.articleId())
				: links.target(link.copyId(), link.articleId());
	}

}
