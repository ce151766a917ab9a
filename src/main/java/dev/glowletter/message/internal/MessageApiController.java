package dev.glowletter.message.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.glowletter.delivery.Outbox;
import dev.glowletter.message.internal.MessageRequests.MessageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The transactional API. {@code POST /api/messages} sends one e-mail to one address from
 * a template of {@code email-templates/transactional/} with a JSON model, through the
 * outbox, and answers 202 with the message's id; {@code GET /api/messages/{id}} says what
 * became of it. An editor's (a WRITE token's) call; a viewer reads the status.
 */
@RestController
class MessageApiController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	private final Messages messages;

	private final Outbox outbox;

	MessageApiController(Messages messages, Outbox outbox) {
		this.messages = messages;
		this.outbox = outbox;
	}

	/** The body is larger than a message may be. */
	static final class TooLarge extends RuntimeException {

		TooLarge() {
			super("A message may be at most " + MessageRequests.MAX_BODY_BYTES / 1024
					+ " KB of JSON (its model at most " + MessageRequests.MAX_MODEL_BYTES / 1024 + " KB).");
		}

	}

	/** The body as the OpenAPI document shows it; {@link MessageRequests} reads it. */
	@Schema(name = "Message")
	record Body(
			@Schema(description = "the address, as the sign-up takes it", example = "ann@example.org",
					requiredMode = Schema.RequiredMode.REQUIRED) String to,
			@Schema(description = "a template of email-templates/transactional/: [a-z0-9][a-z0-9-]{0,63}",
					example = "download-link", requiredMode = Schema.RequiredMode.REQUIRED) String template,
			@Schema(description = "what the template shows as model.x: text, numbers, booleans, lists, objects; "
					+ "keys [A-Za-z_][A-Za-z0-9_]*, at most 200 keys, 5 deep, 16 KB") Map<String, Object> model,
			@Schema(description = "marketing (the default) is refused (409) for an address that bounced, "
					+ "complained, left or was erased; transactional is not",
					allowableValues = {
							"transactional", "marketing" }) String kind,
			@Schema(description = "replaces the subject the template sets, at most 200 characters") String subject){
	}

	@Operation(summary = "Send one e-mail to one address from a transactional template, through the outbox",
			description = "Answers 202 with the message's id (Location: /api/messages/{id}). With an Idempotency-Key "
					+ "(1-200 printable characters), the same call within 24 hours gets the first answer again "
					+ "(Idempotent-Replayed: true) and nothing is sent twice; the key with another body is a 422. "
					+ "A template that does not exist is a 400 naming \"template\"; a body over 64 KB a 413.",
			requestBody = @RequestBody(required = true,
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = Body.class))))
	@PostMapping(path = "/api/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> send(HttpServletRequest http, Principal caller,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) throws IOException {
		if (key != null && !IdempotencyKeys.valid(key)) {
			throw new MessageRequests.Invalid(Map.of(IDEMPOTENCY_KEY,
					"A key is 1 to " + IdempotencyKeys.MAX_LENGTH + " printable ASCII characters, e.g. a UUID."));
		}
		MessageRequest request = MessageRequests.read(body(http));
		Messages.Accepted accepted = messages.send(caller.getName(), key, request);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("id", accepted.id());
		answer.put("status", "queued");
		ResponseEntity.BodyBuilder response = ResponseEntity.accepted()
			.location(URI.create("/api/messages/" + accepted.id()));
		if (accepted.replayed()) {
			response.header(REPLAYED, "true");
		}
		return response.body(answer);
	}

	@Operation(summary = "What became of a message of the transactional API: queued, sent or failed, attempts, "
			+ "the last error")
	@GetMapping("/api/messages/{id}")
	ResponseEntity<Map<String, Object>> status(@PathVariable long id) {
		return outbox.find(id, Messages.OUTBOX_KINDS).map(record -> {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("id", record.id());
			view.put("status", record.status().toLowerCase(Locale.ROOT));
			view.put("kind", record.kind().equals(MessageRequests.Kind.TRANSACTIONAL.outboxKind()) ? "transactional"
					: "marketing");
			view.put("to", record.recipient());
			view.put("attempts", record.attempts());
			view.put("lastError", record.lastError());
			view.put("createdAt", record.createdAt());
			view.put("sentAt", record.sentAt());
			return ResponseEntity.ok(view);
		}).orElseThrow(() -> new MessageNotFound(id));
	}

	/** No message of this API with that id (or its record was purged). */
	static final class MessageNotFound extends RuntimeException {

		MessageNotFound(long id) {
			super("No message " + id + " of the transactional API (records are kept for the outbox's retention).");
		}

	}

	/**
	 * The body, refused past {@link MessageRequests#MAX_BODY_BYTES} whether its length is
	 * declared or not, before more is read.
	 */
	private static byte[] body(HttpServletRequest http) throws IOException {
		if (http.getContentLengthLong() > MessageRequests.MAX_BODY_BYTES) {
			throw new TooLarge();
		}
		try (InputStream in = http.getInputStream()) {
			byte[] body = in.readNBytes(MessageRequests.MAX_BODY_BYTES + 1);
			if (body.length > MessageRequests.MAX_BODY_BYTES) {
				throw new TooLarge();
			}
			return body;
		}
	}

}
