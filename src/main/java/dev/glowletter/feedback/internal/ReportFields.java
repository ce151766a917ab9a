package dev.glowletter.feedback.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of a machine-readable report part (message/delivery-status,
 * message/feedback-report): groups of header-like fields separated by blank lines. Field
 * names are lower-cased, folded lines are joined with one space, and CRLF, LF or CR all
 * end a line. A line that is no field and no continuation is skipped.
 */
final class ReportFields {

	private ReportFields() {
	}

	/**
	 * Reads the groups of fields in the given text.
	 * @param text the part's text
	 * @return one map per group, from lower-cased field name to its values in order
	 */
	static List<Map<String, List<String>>> groups(String text) {
		List<Map<String, List<String>>> groups = new ArrayList<>();
		Map<String, List<StringBuilder>> group = new LinkedHashMap<>();
		StringBuilder last = null;
		for (String line : text.split("\r\n|\r|\n", -1)) {
			if (line.isBlank()) {
				if (!group.isEmpty()) {
					groups.add(finished(group));
					group = new LinkedHashMap<>();
				}
				last = null;
			}
			else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
				if (last != null) {
					last.append(' ').append(line.trim());
				}
			}
			else {
				last = field(group, line);
			}
		}
		if (!group.isEmpty()) {
			groups.add(finished(group));
		}
		return groups;
	}

	/**
	 * The first value of a field in a group.
	 * @param group the group
	 * @param name the lower-cased field name
	 * @return its first value trimmed, or null when the group has none or it is blank
	 */
	static String first(Map<String, List<String>> group, String name) {
		List<String> values = group.get(name);
		if (values == null || values.isEmpty() || values.get(0).isBlank()) {
			return null;
		}
		return values.get(0).trim();
	}

	/**
	 * The value of a typed field ({@code rfc822; ann@example.org}) without its type, and
	 * without angle brackets around an address.
	 * @param value the field's value, may be null
	 * @return the value without its type, or null when nothing is left
	 */
	static String untyped(String value) {
		if (value == null) {
			return null;
		}
		int semicolon = value.indexOf(';');
		String address = ((semicolon >= 0) ? value.substring(semicolon + 1) : value).trim();
		if (address.startsWith("<") && address.endsWith(">")) {
			address = address.substring(1, address.length() - 1).trim();
		}
		return address.isEmpty() ? null : address;
	}

	private static StringBuilder field(Map<String, List<StringBuilder>> group, String line) {
		int colon = line.indexOf(':');
		if (colon <= 0) {
			return null;
		}
		String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
		if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
			return null;
		}
		StringBuilder value = new StringBuilder(line.substring(colon + 1).trim());
		group.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		return value;
	}

	private static Map<String, List<String>> finished(Map<String, List<StringBuilder>> group) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		group.forEach((name, values) -> fields.put(name, values.stream().map(StringBuilder::toString).toList()));
		return fields;
	}

}
