package dev.glowletter.audience.internal;

import java.net.URI;
import java.util.List;

import dev.glowletter.audience.Topic;
import dev.glowletter.audience.Topics;
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

/** The admin API of topics: list, create, rename, reorder, delete. */
@RestController
@RequestMapping("/api/topics")
class TopicApiController {

	private final Topics topics;

	TopicApiController(Topics topics) {
		this.topics = topics;
	}

	@GetMapping
	List<Topic> list() {
		return topics.list();
	}

	@GetMapping("/{id}")
	Topic get(@PathVariable long id) {
		return topics.get(id);
	}

	@PostMapping
	ResponseEntity<Topic> create(@RequestBody Topics.Input input) {
		Topic created = topics.create(input);
		return ResponseEntity.created(URI.create("/api/topics/" + created.id())).body(created);
	}

	@PutMapping("/{id}")
	Topic update(@PathVariable long id, @RequestBody Topics.Input input) {
		return topics.update(id, input);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		topics.delete(id);
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(Topics.Invalid.class)
	ProblemDetail invalid(Topics.Invalid ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Please correct the request");
		problem.setType(URI.create("urn:glowletter:problem:invalid"));
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(Topics.NotFound.class)
	ProblemDetail notFound(Topics.NotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(Topics.InUse.class)
	ProblemDetail inUse(Topics.InUse ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

}
