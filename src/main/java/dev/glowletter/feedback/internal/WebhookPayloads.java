package dev.glowletter.feedback.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the webhook readers share: the bounds, the JSON reading, the time window and the
 * way a provider's words become a finding's status and diagnostic.
 */
final class WebhookPayloads {

	/** The largest body taken; the providers send far less (SNS at most 256 KB). */
	static final int MAX_BODY_BYTES = 1024 * 1024;

	/** The most events taken from one call. */
	static final int MAX_EVENTS = 1000;

	/** How far a signed timestamp may be from the clock, either way. */
	static final Duration TOLERANCE = Duration.ofMinutes(5);

	private static final int MAX_DIAGNOSTIC = 1000;

	// a repeated key could make what was verified differ from what is read
	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

	private static final Pattern STATUS_IN_TEXT = Pattern
		.compile("(?<![\\w.])([245]\\.\\d{1,3}\\.\\d{1,3})(?!\\.?\\w)");

	private WebhookPayloads() {
	}

	static void checkSize(byte[] body) {
		if (body != null && body.length > MAX_BODY_BYTES) {
			throw WebhookRefused.tooLarge("body over 1 MB");
		}
	}

	static void checkSetting(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("The webhook's " + name + " is not set");
		}
	}

	/**
	 * Reads JSON.
	 * @param body the bytes, may be null
	 * @return the tree, or null when the bytes are no JSON document
	 */
	static JsonNode parse(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode tree = JSON.readTree(body);
			return (tree == null || tree.isMissingNode()) ? null : tree;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	static JsonNode parse(String text) {
		return (text != null) ? parse(text.getBytes(StandardCharsets.UTF_8)) : null;
	}

	/**
	 * A field's value as text, when it is a string or a number.
	 * @param node an object, or a missing node
	 * @param field the field's name
	 * @return its text, or null when it is absent, null or a container
	 */
	static String text(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		if (value == null || !(value.isString() || value.isNumber())) {
			return null;
		}
		return value.asString();
	}

	static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	static String firstPresent(String... values) {
		for (String value : values) {
			if (!isBlank(value)) {
				return value;
			}
		}
		return null;
	}

	/**
	 * The enhanced status code (RFC 3463) of a bounce.
	 * @param given the provider's status field, may be null
	 * @param text the server's words to look in when that field holds none
	 * @return the code, or null
	 */
	static String status(String given, String text) {
		if (given != null && STATUS.matcher(given.trim()).matches()) {
			return given.trim();
		}
		if (text == null) {
			return null;
		}
		Matcher matcher = STATUS_IN_TEXT.matcher(text);
		return matcher.find() ? matcher.group(1) : null;
	}

	/**
	 * The provider's words as one line of at most 1,000 characters.
	 * @param text the words, may be null
	 * @return one line, or null when there is nothing to say
	 */
	static String oneLine(String text) {
		if (text == null) {
			return null;
		}
		String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
		if (line.isEmpty()) {
			return null;
		}
		return (line.length() > MAX_DIAGNOSTIC) ? line.substring(0, MAX_DIAGNOSTIC) : line;
	}

	static Instant isoInstant(String text) {
		if (isBlank(text)) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text.trim()).toInstant();
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	/**
	 * Seconds since the epoch, as a number (with a fraction) or a string of digits.
	 * @param node the value, may be null
	 * @return the instant, or null when the value is none
	 */
	static Instant epochSeconds(JsonNode node) {
		if (node == null) {
			return null;
		}
		if (node.isNumber()) {
			return epochSeconds(node.decimalValue());
		}
		return node.isString() ? epochSeconds(node.asString()) : null;
	}

	static Instant epochSeconds(String text) {
		if (text == null || !text.matches("\\d{1,12}")) {
			return null;
		}
		return Instant.ofEpochSecond(Long.parseLong(text));
	}

	private static Instant epochSeconds(BigDecimal seconds) {
		try {
			BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
			long nanos = seconds.subtract(whole).movePointRight(9).longValue();
			return Instant.ofEpochSecond(whole.longValueExact(), nanos);
		}
		catch (ArithmeticException | DateTimeException ex) {
			return null;
		}
	}

	static void checkFresh(Instant signedAt, Clock clock) {
		Duration offset = Duration.between(clock.instant(), signedAt).abs();
		if (offset.compareTo(TOLERANCE) > 0) {
			throw WebhookRefused.notAccepted("timestamp more than five minutes from now");
		}
	}

	/**
	 * Compares two secrets in a time that tells nothing of where they differ nor of their
	 * lengths.
	 */
	static boolean sameSecret(byte[] given, byte[] expected) {
		return MessageDigest.isEqual(sha256(given), sha256(expected));
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
