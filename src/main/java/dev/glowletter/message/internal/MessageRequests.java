package dev.glowletter.message.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.glowletter.InvalidInput;
import dev.glowletter.rendering.TransactionalTemplates;
import dev.glowletter.subscription.EmailAddress;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a call to {@code POST /api/messages}: a JSON object of {@code to},
 * {@code template}, {@code model}, {@code kind} and {@code subject}, and nothing else.
 * Every wrong field is named; nothing of what was sent is echoed.
 */
final class MessageRequests {

	/** The most a call's body may hold. */
	static final int MAX_BODY_BYTES = 64 * 1024;

	/** The most the model may hold, written as JSON. */
	static final int MAX_MODEL_BYTES = 16 * 1024;

	/** The most keys the model may have, at every depth together. */
	static final int MAX_MODEL_KEYS = 200;

	/** How deep objects and lists may nest in the model (the model itself is 1). */
	static final int MAX_MODEL_DEPTH = 5;

	static final int MAX_SUBJECT_LENGTH = 200;

	private static final Set<String> FIELDS = Set.of("to", "template", "model", "kind", "subject");

	/** A key a template can name as {@code model.key}. */
	private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private MessageRequests() {
	}

	/** Not marketing (a download link, a receipt) or marketing; the safe default. */
	enum Kind {

		TRANSACTIONAL, MARKETING;

		String outboxKind() {
			return this == TRANSACTIONAL ? "api-transactional" : "api-marketing";
		}

	}

	/**
	 * A call as read.
	 *
	 * @param subject the call's own subject, or null for the template's
	 * @param model the model, objects as sorted maps
	 * @param hash a SHA-256 of what the call asks for (the fields as read, not the bytes
	 * sent), which an idempotency key is bound to
	 */
	record MessageRequest(EmailAddress to, String template, Kind kind, String subject, Map<String, Object> model,
			String hash) {
	}

	/** A call refused, every wrong field named. */
	static final class Invalid extends InvalidInput {

		Invalid(Map<String, String> errors) {
			super("The message cannot be sent as it is: " + String.join(", ", errors.keySet()) + ".", errors);
		}

	}

	static MessageRequest read(byte[] body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new Invalid(Map.of("body", "Send one JSON object, e.g. {\"to\": \"ann@example.org\", "
					+ "\"template\": \"download-link\", \"model\": {…}} (a key may appear once)."));
		}
		if (root == null || !root.isObject()) {
			throw new Invalid(Map.of("body", "Send one JSON object."));
		}
		Map<String, String> errors = new LinkedHashMap<>();
		for (String name : root.propertyNames()) {
			if (!FIELDS.contains(name)) {
				errors.put(name.length() <= 64 && KEY.matcher(name).matches() ? name : "body",
						"Not a field of a message: send to, template, model, kind and subject only.");
			}
		}
		EmailAddress to = to(root.get("to"), errors);
		String template = template(root.get("template"), errors);
		Kind kind = kind(root.get("kind"), errors);
		String subject = subject(root.get("subject"), errors);
		Map<String, Object> model = model(root.get("model"), errors);
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		Map<String, Object> asked = new TreeMap<>();
		asked.put("to", to.value());
		asked.put("template", template);
		asked.put("kind", kind.name());
		asked.put("subject", subject == null ? "" : subject);
		asked.put("model", model);
		return new MessageRequest(to, template, kind, subject, model, sha256(JSON.writeValueAsString(asked)));
	}

	private static EmailAddress to(JsonNode node, Map<String, String> errors) {
		if (node == null || node.isNull()) {
			errors.put("to", "Give the address to send to.");
			return null;
		}
		if (!node.isString()) {
			errors.put("to", "Give one address as text.");
			return null;
		}
		try {
			return EmailAddress.parse(node.stringValue());
		}
		catch (EmailAddress.Invalid ex) {
			errors.put("to", ex.getMessage());
			return null;
		}
	}

	private static String template(JsonNode node, Map<String, String> errors) {
		if (node == null || node.isNull()) {
			errors.put("template", "Give the name of a template of the folder email-templates/"
					+ TransactionalTemplates.FOLDER + "/, e.g. \"download-link\".");
			return null;
		}
		if (!node.isString() || !TransactionalTemplates.isName(node.stringValue())) {
			errors.put("template", "A template's name is lower-case letters, digits and hyphens (at most 64), "
					+ "without a folder or an extension, e.g. \"download-link\".");
			return null;
		}
		return node.stringValue();
	}

	private static Kind kind(JsonNode node, Map<String, String> errors) {
		if (node == null || node.isNull()) {
			return Kind.MARKETING;
		}
		if (node.isString()) {
			for (Kind kind : Kind.values()) {
				if (kind.name().equalsIgnoreCase(node.stringValue())) {
					return kind;
				}
			}
		}
		errors.put("kind",
				"Either \"transactional\" (not marketing: a download, a receipt) or \"marketing\" " + "(the default).");
		return null;
	}

	private static String subject(JsonNode node, Map<String, String> errors) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString() || node.stringValue().isBlank()) {
			errors.put("subject", "Give the subject as text, or leave it out for the template's.");
			return null;
		}
		String subject = node.stringValue().strip();
		if (subject.length() > MAX_SUBJECT_LENGTH) {
			errors.put("subject", "A subject may be at most " + MAX_SUBJECT_LENGTH + " characters long.");
			return null;
		}
		if (subject.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
			errors.put("subject", "A subject is one line, without control characters.");
			return null;
		}
		return subject;
	}

	private static Map<String, Object> model(JsonNode node, Map<String, String> errors) {
		if (node == null || node.isNull()) {
			return new TreeMap<>();
		}
		if (!node.isObject()) {
			errors.put("model", "The model is a JSON object, e.g. {\"title\": \"…\", \"url\": \"https://…\"}.");
			return null;
		}
		if (JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length > MAX_MODEL_BYTES) {
			errors.put("model", "The model may be at most " + MAX_MODEL_BYTES / 1024 + " KB of JSON.");
			return null;
		}
		Walk walk = new Walk();
		Object model = walk.value(node, "model", 1);
		if (walk.problem != null) {
			errors.put(walk.where, walk.problem);
			return null;
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) model;
		return map;
	}

	/** The model as plain Java values, stopping at the first thing it may not hold. */
	private static final class Walk {

		private int keys;

		private String where;

		private String problem;

		Object value(JsonNode node, String path, int depth) {
			if (problem != null) {
				return null;
			}
			if (node.isString()) {
				return node.stringValue();
			}
			if (node.isBoolean()) {
				return node.booleanValue();
			}
			if (node.isNumber()) {
				return node.numberValue();
			}
			if (node.isNull()) {
				return refuse(path, "No null values: leave the key out (a template tests it with ??).");
			}
			if (depth > MAX_MODEL_DEPTH) {
				return refuse(path, "Objects and lists may nest at most " + MAX_MODEL_DEPTH + " deep.");
			}
			if (node.isArray()) {
				List<Object> list = new ArrayList<>();
				int i = 0;
				for (JsonNode item : node.values()) {
					list.add(value(item, path + "[" + i++ + "]", depth + 1));
				}
				return list;
			}
			if (node.isObject()) {
				Map<String, Object> map = new TreeMap<>();
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					if (++keys > MAX_MODEL_KEYS) {
						return refuse("model", "The model may have at most " + MAX_MODEL_KEYS + " keys.");
					}
					if (!KEY.matcher(property.getKey()).matches()) {
						return refuse(path, "A key is letters, digits and _, not starting with a digit "
								+ "(at most 64), so that a template can name it as model.key.");
					}
					map.put(property.getKey(), value(property.getValue(), path + "." + property.getKey(), depth + 1));
				}
				return map;
			}
			return refuse(path, "Values are text, numbers, true or false, lists and objects.");
		}

		private Object refuse(String path, String why) {
			if (problem == null) {
				where = path;
				problem = why;
			}
			return null;
		}

	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
