package dev.glowletter.feedback.internal;

import java.util.List;
import java.util.Locale;

import dev.glowletter.feedback.Bounces;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/bounces}: the bounces and complaints heard, newest first, a page at a
 * time, of one kind or campaign if asked.
 */
@RestController
class BounceApiController {

	private final Bounces bounces;

	BounceApiController(Bounces bounces) {
		this.bounces = bounces;
	}

	private static final List<String> KINDS = List.of("HARD", "SOFT", "COMPLAINT");

	/** One page; {@code next} is the next page's number, null after the last. */
	record Page(List<Bounces.Bounce> items, int page, int size, Integer next) {
	}

	@GetMapping("/api/bounces")
	Page list(@RequestParam(required = false) String kind, @RequestParam(required = false) Long campaignId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (kind != null && !KINDS.contains(kind.toUpperCase(Locale.ROOT))) {
			// the value is not repeated: it is whatever the caller sent
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "kind must be HARD, SOFT or COMPLAINT");
		}
		int number = Math.max(0, page);
		int length = Math.min(Math.max(1, size), 500);
		List<Bounces.Bounce> items = bounces.page(kind, campaignId, number, length + 1);
		boolean more = items.size() > length;
		return new Page(more ? items.subList(0, length) : items, number, length, more ? number + 1 : null);
	}

}
