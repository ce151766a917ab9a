package dev.glowletter.audience.internal;

import java.net.URI;
import java.util.List;

import dev.glowletter.InvalidInput;
import dev.glowletter.audience.Field;
import dev.glowletter.audience.Fields;
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
 * The admin API of custom fields: list, define, change, delete (with every reader's value
 * of it).
 */
@RestController
@RequestMapping("/api/fields")
class FieldApiController {

	private final Fields fields;

	FieldApiController(Fields fields) {
		this.fields = fields;
	}

	@GetMapping
	List<Field> list() {
		return fields.list();
	}

	@GetMapping("/{id}")
	Field get(@PathVariable long id) {
		return fields.get(id);
	}

	@PostMapping
	ResponseEntity<Field> create(@RequestBody Fields.Input input) {
		Field created = fields.create(input);
		return ResponseEntity.created(URI.create("/api/fields/" + created.id())).body(created);
	}

	/** Changes everything but the key and the kind, which stay as they were defined. */
	@PutMapping("/{id}")
	Field update(@PathVariable long id, @RequestBody Fields.Input input) {
		return fields.update(id, input);
	}

	/** Deletes the field and every reader's value of it. */
	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable long id) {
		fields.delete(id);
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(Fields.Invalid.class)
	ProblemDetail invalid(Fields.Invalid ex) {
		return FieldProblems.of(HttpStatus.BAD_REQUEST, ex);
	}

	@ExceptionHandler(Fields.Duplicate.class)
	ProblemDetail duplicate(Fields.Duplicate ex) {
		return FieldProblems.of(HttpStatus.CONFLICT, ex);
	}

	@ExceptionHandler(Fields.NotFound.class)
	ProblemDetail notFound(Fields.NotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	/** The problem details of refused fields and values. */
	static final class FieldProblems {

		private FieldProblems() {
		}

		static ProblemDetail of(HttpStatus status, InvalidInput ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
			problem.setTitle(status == HttpStatus.CONFLICT ? "The key is taken" : "Please correct the request");
			problem.setType(URI.create("urn:glowletter:problem:invalid"));
			problem.setProperty("errors", ex.errors());
			return problem;
		}

	}

}
