package dev.glowletter.audience;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One reader's value of one field, checked against the field's definition and kept in the
 * column of its kind: text and choices as text, numbers as numbers, dates as dates.
 * {@link #text()} is how templates, exports and pages show it.
 */
record FieldValue(Field field, String text, BigDecimal number, LocalDate date) {

	/** Longer than any field's value can be: refused before it is looked at. */
	static final int MAX_RAW = 1000;

	private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	/** DECIMAL(19, 4): fifteen digits before the point, four after. */
	private static final int MAX_INTEGER_DIGITS = 15;

	private static final int MAX_SCALE = 4;

	/** A value that the field does not take; the message says what it does take. */
	static final class Refused extends Exception {

		Refused(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * The value as the field takes it, or null when it is blank (no value).
	 * @throws Refused when the field does not take it
	 */
	static FieldValue parse(Field field, String raw) throws Refused {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		if (raw.length() > MAX_RAW) {
			throw new Refused("The value is too long.");
		}
		String value = raw.strip();
		return switch (field.kind()) {
			case TEXT -> text(field, value);
			case NUMBER -> number(field, value);
			case DATE -> date(field, value);
			case CHOICE -> choice(field, value);
		};
	}

	private static FieldValue text(Field field, String value) throws Refused {
		int max = field.maxLength() == null ? Fields.MAX_TEXT : field.maxLength();
		if (value.codePointCount(0, value.length()) > max) {
			throw new Refused("Keep it to " + max + " characters.");
		}
		if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
			throw new Refused("Write it on one line.");
		}
		return new FieldValue(field, value, null, null);
	}

	private static FieldValue number(Field field, String value) throws Refused {
		BigDecimal number;
		try {
			number = new BigDecimal(value);
		}
		catch (NumberFormatException ex) {
			throw new Refused("Write a number, e.g. 42 or 3.5.");
		}
		if (value.toLowerCase(Locale.ROOT).contains("e")) {
			throw new Refused("Write a number, e.g. 42 or 3.5.");
		}
		BigDecimal plain = number.stripTrailingZeros();
		if (plain.scale() > MAX_SCALE) {
			throw new Refused("Write at most " + MAX_SCALE + " digits after the point.");
		}
		if (plain.precision() - plain.scale() > MAX_INTEGER_DIGITS) {
			throw new Refused("The number is too large.");
		}
		if (plain.scale() < 0) {
			plain = plain.setScale(0);
		}
		return new FieldValue(field, plain.toPlainString(), plain, null);
	}

	private static FieldValue date(Field field, String value) throws Refused {
		if (!ISO_DATE.matcher(value).matches()) {
			throw new Refused("Write the date as yyyy-mm-dd, e.g. 1990-04-23.");
		}
		try {
			LocalDate date = LocalDate.parse(value);
			return new FieldValue(field, date.toString(), null, date);
		}
		catch (DateTimeException ex) {
			throw new Refused("There is no such day: " + value + ".");
		}
	}

	private static FieldValue choice(Field field, String value) throws Refused {
		for (String choice : field.choices()) {
			if (choice.equalsIgnoreCase(value)) {
				return new FieldValue(field, choice, null, null);
			}
		}
		throw new Refused("Choose one of: " + String.join(", ", field.choices()) + ".");
	}

	/**
	 * As stored: the number and the date columns hold theirs, the text column the rest.
	 */
	String textColumn() {
		return field.kind() == Field.Kind.TEXT || field.kind() == Field.Kind.CHOICE ? text : null;
	}

	/** A stored number as templates show it: no trailing zeros, no exponent. */
	static String shown(BigDecimal number) {
		BigDecimal plain = number.stripTrailingZeros();
		return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
	}

}
