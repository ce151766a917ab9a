package dev.glowletter.rendering;

/** Values that go into a header: never a line break, so never an extra header. */
final class HeaderValues {

	private HeaderValues() {
	}

	/** The value with every control character (CR, LF, TAB, ...) made a space, trimmed. */
	static String clean(String value) {
		if (value == null) {
			return null;
		}
		StringBuilder out = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
		}
		return out.toString().strip();
	}
}
