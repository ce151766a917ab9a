package dev.glowletter.rendering.internal;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

/**
 * Values that go into a header: never a line break, so never an extra header; and never
 * text that a mail client would decode into something else (an RFC 2047 encoded-word
 * typed by a reader).
 */
public final class HeaderValues {

	/**
	 * UTF-8 bytes per encoded-word: 36 make 48 base64 characters, a word of 60, within
	 * RFC 2047's 75 after any header name.
	 */
	private static final int WORD_BYTES = 36;

	private HeaderValues() {
	}

	/**
	 * The value with every control character (CR, LF, TAB, ...) made a space, trimmed.
	 */
	public static String clean(String value) {
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

	/**
	 * Whether a mail client would decode part of the text ("=?" starts an encoded-word),
	 * so it must be encoded to show as typed.
	 */
	static boolean looksEncoded(String text) {
		return text != null && text.contains("=?");
	}

	/**
	 * Unstructured text (a subject) as written in its header, unfolded: ASCII as it is,
	 * anything else as encoded-words.
	 */
	public static String text(String text) {
		if (looksEncoded(text)) {
			return encodedWords(text);
		}
		try {
			return MimeUtility.encodeText(text, "UTF-8", null);
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A display name before an angle address that is not a mailbox (List-Id): quoted when
	 * plain ASCII, else encoded-words.
	 */
	public static String phrase(String text) {
		boolean ascii = text.chars().allMatch(c -> c >= ' ' && c < 127);
		return ascii && !looksEncoded(text) ? "\"" + text.replace("\"", "'") + "\"" : encodedWords(text);
	}

	/**
	 * The address with the name (cleaned) as its display name, or none when the name is
	 * empty.
	 */
	public static InternetAddress address(String email, String name) {
		String personal = clean(name);
		try {
			if (looksEncoded(personal)) {
				return new EncodedNameAddress(email, encodedWords(personal));
			}
			return new InternetAddress(email, personal == null || personal.isEmpty() ? null : personal, "UTF-8");
		}
		catch (UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The text as RFC 2047 encoded-words (UTF-8, base64) separated by spaces, even when
	 * it is all ASCII: Jakarta Mail writes ASCII as it is, and a client would then decode
	 * a typed encoded-word.
	 */
	static String encodedWords(String text) {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder(utf8.length * 2 + 16);
		int start = 0;
		while (start < utf8.length) {
			int end = Math.min(start + WORD_BYTES, utf8.length);
			while (end < utf8.length && (utf8[end] & 0xC0) == 0x80) {
				end--; // never split a character's bytes between two words
			}
			if (out.length() > 0) {
				out.append(' ');
			}
			out.append("=?UTF-8?B?")
				.append(Base64.getEncoder().encodeToString(Arrays.copyOfRange(utf8, start, end)))
				.append("?=");
			start = end;
		}
		return out.toString();
	}

	/**
	 * An address whose display name is already encoded: Jakarta Mail writes it as it is.
	 */
	private static final class EncodedNameAddress extends InternetAddress {

		private static final long serialVersionUID = 1L;

		EncodedNameAddress(String email, String encodedName) {
			setAddress(email);
			this.encodedPersonal = encodedName;
		}

	}

}
