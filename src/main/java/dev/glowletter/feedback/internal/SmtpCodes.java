package dev.glowletter.feedback.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The codes in what a mail server said: enhanced status codes (RFC 3463, {@code 5.1.1})
 * and three-digit reply codes (RFC 5321, {@code 550}), and the one-line diagnostic made
 * of such a text.
 */
final class SmtpCodes {

	/** The longest diagnostic kept, in characters. */
	static final int DIAGNOSTIC_LENGTH = 1000;

	// not part of a longer number or of an IP address (192.0.2.5 holds no 2.5 code)
	private static final Pattern ENHANCED = Pattern.compile("(?<![\\w.])([245])\\.\\d{1,3}\\.\\d{1,3}(?!\\.?\\d)");

	private static final Pattern REPLY = Pattern.compile("(?<![\\w.-])([245])\\d\\d(?!\\w|\\.\\d)");

	private static final Pattern TYPE = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9-]{0,30}\\s*;\\s*");

	private SmtpCodes() {
	}

	/**
	 * The first enhanced status code in a text.
	 * @param text the text, may be null
	 * @return the code (e.g. {@code 5.1.1}), or null when there is none
	 */
	static String enhanced(String text) {
		Matcher matcher = matcher(ENHANCED, text);
		return (matcher != null) ? matcher.group() : null;
	}

	/**
	 * Where the first code of a text is: its enhanced code, else its reply code.
	 * @param text the text, may be null
	 * @return the index of the code, or -1 when there is none
	 */
	static int start(String text) {
		Matcher reply = matcher(REPLY, text);
		Matcher enhanced = matcher(ENHANCED, text);
		if (reply != null && enhanced != null) {
			return Math.min(reply.start(), enhanced.start());
		}
		return (reply != null) ? reply.start() : ((enhanced != null) ? enhanced.start() : -1);
	}

	/**
	 * The class of what a text says: the first digit of its enhanced status code, else of
	 * its reply code.
	 * @param text the text, may be null
	 * @return 2, 4 or 5, or 0 when the text holds no code
	 */
	static int codeClass(String text) {
		Matcher matcher = matcher(ENHANCED, text);
		if (matcher == null) {
			matcher = matcher(REPLY, text);
		}
		return (matcher != null) ? matcher.group(1).charAt(0) - '0' : 0;
	}

	/**
	 * A diagnostic made of a text: without a leading type ({@code smtp;}), on one line,
	 * trimmed and cut to {@value #DIAGNOSTIC_LENGTH} characters.
	 * @param text the text, may be null
	 * @return the diagnostic, or null when nothing is left
	 */
	static String diagnostic(String text) {
		if (text == null) {
			return null;
		}
		String cut = (text.length() > 4 * DIAGNOSTIC_LENGTH) ? text.substring(0, 4 * DIAGNOSTIC_LENGTH) : text;
		String line = TYPE.matcher(cut).replaceFirst("").replaceAll("\\s+", " ").trim();
		if (line.length() > DIAGNOSTIC_LENGTH) {
			line = line.substring(0, DIAGNOSTIC_LENGTH).trim();
		}
		return line.isEmpty() ? null : line;
	}

	/**
	 * Whether a text says plainly that the mailbox does not exist, for a bounce that
	 * gives no code.
	 * @param text the text, may be null
	 * @return true when it names an unknown user or a missing mailbox
	 */
	static boolean saysPermanent(String text) {
		if (text == null) {
			return false;
		}
		String lower = text.toLowerCase(Locale.ROOT);
		for (String phrase : new String[] { "does not exist", "doesn't exist", "user unknown", "unknown user",
				"no such user", "no such mailbox", "no such recipient", "mailbox unavailable", "mailbox not found",
				"recipient not found", "invalid recipient", "account has been disabled", "account is disabled" }) {
			if (lower.contains(phrase)) {
				return true;
			}
		}
		return false;
	}

	private static Matcher matcher(Pattern pattern, String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? matcher : null;
	}

}
