package dev.glowletter.feedback.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.feedback.internal.Finding.Kind;

/**
 * The failed recipients of a bounce in no standard form, read from its text.
 * <p>
 * The text is read up to the copy of the returned message. A recipient is found in these
 * shapes: a line {@code <ann@example.com>: ...} at the start of a line (qmail, Yahoo,
 * Postfix without DSN), the address lines after "the following address(es) failed" or
 * "could not be delivered to one or more of its recipients" (Exim) and after "Delivery
 * has failed to these recipients" (Exchange), else "Your message to ann@example.com
 * couldn't be delivered" (Microsoft 365), {@code RCPT TO:<ann@example.com>} or a
 * {@code Final-Recipient} line. The addresses of an {@code X-Failed-Recipients} header
 * (Exim) come first.
 * <p>
 * Each recipient's text is what follows its address up to the next recipient: its
 * enhanced status code, else its reply code, decides; 5 is a hard bounce, 4 a soft one.
 * Without a code it is a hard bounce only when the text says plainly that the mailbox
 * does not exist ("user unknown", "no such user", "does not exist", "mailbox unavailable"
 * and the like, see {@link SmtpCodes#saysPermanent}); otherwise a soft one, so that a
 * reader is never dropped on a guess.
 */
final class BounceText {

	private static final String[] COPY_MARKERS = { "------ this is a copy of the message",
			"--- below this line is a copy of the message", "----- original message -----", "------ original message",
			"original message headers:", "----- the header of the original message",
			"--- the header of the original message" };

	private static final String[] LIST_MARKERS = { "following address(es) failed",
			"could not be delivered to one or more of its", "delivery has failed to these recipients",
			"the following recipient(s) cannot be reached", "delivery to the following recipient",
			"could not be delivered to the following" };

	private static final Pattern ANGLE_LINE = Pattern
		.compile("^<([^<>\\s@]{1,64}@[^<>\\s@]{1,255})>(?:\\s*\\([^)]{0,300}\\))?:(.*)$");

	private static final Pattern[] FALLBACKS = {
			Pattern.compile("(?i)your message to\\s{1,10}<?([^<>\\s@]{1,64}@[^<>\\s@]{1,255}?)>?\\s{1,10}couldn't"),
			Pattern.compile("(?i)rcpt to:\\s{0,5}<([^<>\\s@]{1,64}@[^<>\\s@]{1,255})>"), Pattern.compile(
					"(?im)^\\s{0,10}final-recipient:\\s{0,5}rfc822;\\s{0,5}<?([^<>\\s@]{1,64}@[^<>\\s@]{1,255}?)>?$") };

	private static final Pattern BLANK_LINE = Pattern.compile("\n[ \t]*\n");

	private BounceText() {
	}

	/**
	 * The findings a bounce's text holds.
	 * @param text the bounce's text (its text parts)
	 * @param failedRecipients the addresses of its {@code X-Failed-Recipients} headers
	 * @param limit the most findings to return
	 * @return at most {@code limit} findings, one per recipient
	 */
	static List<Finding> findings(String text, List<String> failedRecipients, int limit) {
		String notice = beforeTheCopy(text.replace("\r\n", "\n").replace('\r', '\n'));
		Map<String, Failure> failures = new LinkedHashMap<>();
		for (String recipient : failedRecipients) {
			failures.putIfAbsent(key(recipient), new Failure(recipient, null));
		}
		for (Failure failure : failures(notice)) {
			Failure known = failures.get(key(failure.recipient()));
			if (known == null) {
				failures.put(key(failure.recipient()), failure);
			}
			else if (known.detail() == null) {
				failures.put(key(failure.recipient()), new Failure(known.recipient(), failure.detail()));
			}
		}
		List<Finding> findings = new ArrayList<>();
		for (Failure failure : failures.values()) {
			if (findings.size() >= limit) {
				break;
			}
			findings.add(finding(failure, notice));
		}
		return findings;
	}

	private static Finding finding(Failure failure, String notice) {
		String detail = (failure.detail() != null) ? failure.detail() : around(notice, failure.recipient());
		String status = SmtpCodes.enhanced(detail);
		int codeClass = SmtpCodes.codeClass(detail);
		Kind kind;
		if (codeClass == 5) {
			kind = Kind.HARD_BOUNCE;
		}
		else if (codeClass == 4) {
			kind = Kind.SOFT_BOUNCE;
		}
		else {
			kind = SmtpCodes.saysPermanent(detail) ? Kind.HARD_BOUNCE : Kind.SOFT_BOUNCE;
		}
		int code = SmtpCodes.start(detail);
		String said = (code >= 0) ? paragraph(detail, code) : detail;
		return new Finding(kind, failure.recipient(), status, SmtpCodes.diagnostic(said));
	}

	private static List<Failure> failures(String notice) {
		List<Failure> failures = new ArrayList<>();
		String[] lines = notice.split("\n", -1);
		String recipient = null;
		StringBuilder detail = new StringBuilder();
		boolean inList = false;
		for (String line : lines) {
			String address = null;
			String rest = "";
			Matcher angle = ANGLE_LINE.matcher(line);
			if (angle.matches()) {
				address = angle.group(1);
				rest = angle.group(2);
			}
			else if (inList) {
				address = bareAddress(line);
			}
			if (address != null) {
				if (recipient != null) {
					failures.add(new Failure(recipient, detail.toString()));
				}
				recipient = address;
				detail.setLength(0);
				detail.append(rest).append('\n');
			}
			else if (recipient != null) {
				detail.append(line).append('\n');
			}
			if (!inList && containsAny(line.toLowerCase(Locale.ROOT), LIST_MARKERS)) {
				inList = true;
			}
		}
		if (recipient != null) {
			failures.add(new Failure(recipient, detail.toString()));
		}
		if (failures.isEmpty()) {
			for (Pattern pattern : FALLBACKS) {
				Matcher matcher = pattern.matcher(notice);
				if (matcher.find()) {
					failures.add(new Failure(matcher.group(1), window(notice, matcher.start())));
					break;
				}
			}
		}
		return failures;
	}

	// an address alone on its line: Exim's " ann@example.com", Exchange's
	// "ann@example.com (ann@example.com)"
	private static String bareAddress(String line) {
		String trimmed = line.trim();
		if (trimmed.isEmpty() || trimmed.length() > 600) {
			return null;
		}
		int parenthesis = trimmed.indexOf(" (");
		if (parenthesis > 0 && trimmed.endsWith(")")) {
			trimmed = trimmed.substring(0, parenthesis).trim();
		}
		if (trimmed.endsWith(":")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
			trimmed = trimmed.substring(1, trimmed.length() - 1);
		}
		int at = trimmed.indexOf('@');
		boolean address = at > 0 && at == trimmed.lastIndexOf('@') && at < trimmed.length() - 3
				&& trimmed.indexOf('.', at) > 0
				&& trimmed.chars()
					.noneMatch((c) -> Character.isWhitespace(c) || c == '<' || c == '>' || c == '(' || c == ')'
							|| c == ',' || c == ';' || c == '"');
		return address ? trimmed : null;
	}

	private static String beforeTheCopy(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		int end = text.length();
		for (String marker : COPY_MARKERS) {
			int at = lower.indexOf(marker);
			if (at >= 0 && at < end) {
				end = at;
			}
		}
		return text.substring(0, end);
	}

	private static String around(String notice, String recipient) {
		int at = notice.toLowerCase(Locale.ROOT).indexOf(recipient.toLowerCase(Locale.ROOT));
		return (at >= 0) ? window(notice, at) : notice;
	}

	private static String window(String text, int start) {
		return text.substring(start, Math.min(text.length(), start + 2000));
	}

	// from the code to the next blank line: a reply wrapped over lines stays whole
	private static String paragraph(String text, int start) {
		Matcher blank = BLANK_LINE.matcher(text);
		int end = blank.find(start) ? blank.start() : text.length();
		return text.substring(start, end);
	}

	private static boolean containsAny(String text, String[] phrases) {
		for (String phrase : phrases) {
			if (text.contains(phrase)) {
				return true;
			}
		}
		return false;
	}

	private static String key(String address) {
		return address.toLowerCase(Locale.ROOT);
	}

	private record Failure(String recipient, String detail) {
	}

}
