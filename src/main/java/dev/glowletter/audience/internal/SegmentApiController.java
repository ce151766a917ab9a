package dev.glowletter.audience.internal;

import java.net.URI;
import java.util.List;

import dev.glowletter.audience.Segment;
import dev.glowletter.audience.SegmentFilter;
import dev.glowletter.audience.Segments;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of segments: list, create, change, delete, and count the readers a
 * segment (saved, or a draft filter) reaches now.
 */
@RestController
@RequestMapping("/api/segments")
class SegmentApiController {

	private final Segments segments;

	SegmentApiController(Segments segments) {
		this.segments = segments;
	}

	/** How many readers a campaign would reach now: confirmed and not pausing. */
	record Count(int readers) {
	}

	@GetMapping
	List<Segment> list() {
		return segments.list();
	}

	@GetMapping("/{id}")
	Segment get(@PathVariable long id) {
		return segments.get(id);
	}

	@PostMapping
	ResponseEntity<Segment> create(@RequestBody Segments.Input input) {
		Segment created = segments.create(input);
		return ResponseEntity.created(URI.create("/api/segments/" + created.id())).body(created);
	}

	@PutMapping("/{id}")
	Segment update(@PathVariable long id, @RequestBody Segments.Input input) {
		return segments.update(id, input);
	}

	@DeleteMapping("/{id}")
	@Operation(description = "Refused (409) while a campaign not yet sent or cancelled, or a digest, is for it.")
	ResponseEntity<Void> delete(@PathVariable long id) {
		segments.delete(id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/count")
	@Operation(summary = "The readers the segment reaches now")
	Count count(@PathVariable long id) {
		return new Count(segments.count(id));
	}

	@PostMapping("/count")
	@Operation(summary = "The readers a draft filter would reach now, before it is saved")
	Count count(@RequestBody SegmentFilter filter) {
		return new Count(segments.count(filter));
	}

	@ExceptionHandler(Segments.Invalid.class)
	ProblemDetail invalid(Segments.Invalid ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Please correct the request");
		problem.setType(URI.create("urn:glowletter:problem:invalid"));
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(Segments.NotFound.class)
	ProblemDetail notFound(Segments.NotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(Segments.InUse.class)
	ProblemDetail inUse(Segments.InUse ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

}
