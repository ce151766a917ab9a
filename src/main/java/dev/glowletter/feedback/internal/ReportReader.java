package dev.glowletter.feedback.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.glowletter.feedback.internal.Finding.Kind;
import dev.glowletter.feedback.internal.Report.Type;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import org.jsoup.Jsoup;

/**
 * Reads one mail from the bounce mailbox into a {@link Report}.
 * <p>
 * The kinds are tried in this order, as a delivery status notification is usually marked
 * {@code Auto-Submitted: auto-replied} too:
 * <ol>
 * <li>an RFC 3464 delivery status notification: a {@code message/delivery-status} part
 * with at least one recipient group. Each group that failed or was delayed gives a
 * finding: {@code Action: delayed} or a 4.x.x code is a soft bounce, a 5.x.x code is a
 * hard one, and {@code Action: failed} without a usable code is a hard one too (the
 * sending server gave up). The code is the {@code Status} field, else the enhanced code
 * or reply code of the {@code Diagnostic-Code}. Delivered, relayed and expanded
 * recipients give none.</li>
 * <li>an RFC 5965 complaint: a {@code message/feedback-report} part. Feedback types
 * {@code abuse}, {@code fraud}, {@code virus} and {@code other}, or no type at all, are
 * complaints, one per {@code Original-Rcpt-To} or else one for the {@code To} of the
 * original message it includes (null when that is missing or redacted). {@code not-spam}
 * and {@code auth-failure} (RFC 6591) are no complaint by the reader, and neither is a
 * type this reader does not know: those reports give no finding.</li>
 * <li>a bounce in no standard form, known by its sender (MAILER-DAEMON, postmaster, Mail
 * Delivery Subsystem), its subject ("Undelivered Mail Returned to Sender", "Mail delivery
 * failed", "Undeliverable:", "Delivery Status Notification", "failure notice" ...), an
 * {@code X-Failed-Recipients} header, or an empty Return-Path with a text that says a
 * delivery failed. Its findings are read by {@link BounceText}.</li>
 * <li>an auto-reply (RFC 3834): {@code Auto-Submitted} other than {@code no},
 * {@code X-Autoreply}, {@code X-Autorespond}, {@code Precedence: auto_reply}, or a
 * subject such as "Out of Office", "Automatic reply:", "Auto:" or
 * "Abwesenheitsnotiz".</li>
 * </ol>
 * <p>
 * It never throws: a mail it cannot take apart is {@link Type#NOT_A_REPORT} with the
 * envelope addresses found so far. Its work is bounded: at most {@value #TEXT_LIMIT}
 * bytes of any one part, {@value #FINDINGS_LIMIT} findings, {@value #ADDRESS_LIMIT}
 * envelope addresses, a few dozen parts five levels deep. The size of the whole mail is
 * the mailbox poller's to bound, as Jakarta Mail holds it in memory.
 */
final class ReportReader {

	/** The most bytes read of any one part. */
	static final int TEXT_LIMIT = 256 * 1024;

	/** The most findings of one report. */
	static final int FINDINGS_LIMIT = 50;

	/** The most envelope addresses of one report. */
	static final int ADDRESS_LIMIT = 20;

	private static final int DEPTH_LIMIT = 5;

	private static final int PARTS_LIMIT = 32;

	private static final int HEADER_VALUES_LIMIT = 20;

	private static final int HEADER_LENGTH_LIMIT = 4096;

	private static final String[] ENVELOPE_HEADERS = { "To", "Delivered-To", "X-Original-To", "Envelope-To",
			"X-Envelope-To" };

	private static final Set<String> COMPLAINT_TYPES = Set.of("abuse", "fraud", "virus", "other");

	private static final String[] BOUNCE_SUBJECTS = { "undelivered mail returned to sender", "mail delivery failed",
			"undeliverable:", "undeliverable mail", "delivery status notification", "failure notice", "returned mail:",
			"delivery failure", "mail delivery failure", "delivery has failed", "mail system error", "delayed mail",
			"warning: message", "non remis", "unzustellbar:" };

	private static final String[] BOUNCE_SENDERS = { "mailer-daemon", "mail delivery subsystem", "mail delivery system",
			"postmaster@" };

	private static final String[] FAILURE_PHRASES = { "could not be delivered", "couldn't be delivered",
			"undeliverable", "delivery has failed", "delivery failed", "permanent error", "wasn't able to deliver" };

	private static final String[] AUTO_REPLY_SUBJECTS = { "out of office", "automatic reply:", "auto:",
			"abwesenheitsnotiz", "autoreply", "auto-reply", "auto reply", "automatische antwort",
			"réponse automatique" };

	private ReportReader() {
	}

	/**
	 * Reads a mail from the bounce mailbox.
	 * @param message the mail, as the mailbox gave it
	 * @return what it is and what it says; never null, never an exception
	 */
	static Report read(MimeMessage message) {
		String messageId = messageId(message);
		Envelope envelope = new Envelope();
		try {
			for (String name : ENVELOPE_HEADERS) {
				envelope.addHeaderValues(header(message, name));
			}
			Contents contents = new Contents();
			contents.walk(message, 0);
			return understood(message, messageId, contents, envelope);
		}
		// a hostile mail may fail in any way the parser can; a deep one may even exhaust
		// the stack
		catch (Exception | StackOverflowError ex) {
			return new Report(Type.NOT_A_REPORT, messageId, List.of(), envelope.addresses());
		}
	}

	private static Report understood(MimeMessage message, String messageId, Contents contents, Envelope envelope) {
		InternetHeaders original = contents.originalHeaders();
		if (original != null) {
			envelope.addHeaderValues(original.getHeader("Return-Path"));
		}
		Type type = Type.NOT_A_REPORT;
		List<Finding> findings = List.of();
		List<Map<String, List<String>>> recipientGroups = recipientGroups(contents);
		if (!recipientGroups.isEmpty()) {
			type = Type.DELIVERY_STATUS;
			findings = deliveryFindings(recipientGroups);
		}
		else if (contents.feedbackReport != null) {
			Map<String, List<String>> fields = merged(ReportFields.groups(contents.text(contents.feedbackReport)));
			envelope.add(ReportFields.untyped(ReportFields.first(fields, "original-mail-from")));
			type = Type.COMPLAINT;
			findings = complaintFindings(fields, original);
		}
		else {
			String subject = subject(message);
			List<String> failedRecipients = failedRecipients(message);
			String notice = contents.notice();
			if (looksLikeBounce(message, subject, failedRecipients, notice)) {
				type = Type.NON_STANDARD_BOUNCE;
				findings = BounceText.findings(notice, failedRecipients, FINDINGS_LIMIT);
			}
			else if (looksLikeAutoReply(message, subject)) {
				type = Type.AUTO_REPLY;
			}
		}
		contents.scanForPlusAddresses(envelope);
		return new Report(type, messageId, List.copyOf(findings), envelope.addresses());
	}

	private static List<Map<String, List<String>>> recipientGroups(Contents contents) {
		if (contents.deliveryStatus == null) {
			return List.of();
		}
		List<Map<String, List<String>>> groups = new ArrayList<>();
		for (Map<String, List<String>> group : ReportFields.groups(contents.text(contents.deliveryStatus))) {
			if (group.containsKey("final-recipient") || group.containsKey("original-recipient")) {
				groups.add(group);
			}
		}
		return groups;
	}

	private static List<Finding> deliveryFindings(List<Map<String, List<String>>> groups) {
		List<Finding> findings = new ArrayList<>();
		for (Map<String, List<String>> group : groups) {
			if (findings.size() >= FINDINGS_LIMIT) {
				break;
			}
			Finding finding = deliveryFinding(group);
			if (finding != null) {
				findings.add(finding);
			}
		}
		return findings;
	}

	private static Finding deliveryFinding(Map<String, List<String>> group) {
		String action = firstWord(ReportFields.first(group, "action"));
		if (Set.of("delivered", "relayed", "expanded").contains(action)) {
			return null;
		}
		String recipient = ReportFields.untyped(ReportFields.first(group, "final-recipient"));
		if (recipient == null) {
			recipient = ReportFields.untyped(ReportFields.first(group, "original-recipient"));
		}
		String diagnostic = SmtpCodes.diagnostic(ReportFields.first(group, "diagnostic-code"));
		String status = SmtpCodes.enhanced(ReportFields.first(group, "status"));
		if (status == null) {
			status = SmtpCodes.enhanced(diagnostic);
		}
		int codeClass = (status != null) ? status.charAt(0) - '0' : SmtpCodes.codeClass(diagnostic);
		Kind kind;
		if ("delayed".equals(action) || codeClass == 4) {
			kind = Kind.SOFT_BOUNCE;
		}
		else if (codeClass == 5 || "failed".equals(action)) {
			kind = Kind.HARD_BOUNCE;
		}
		else {
			return null;
		}
		return new Finding(kind, recipient, status, diagnostic);
	}

	private static List<Finding> complaintFindings(Map<String, List<String>> fields, InternetHeaders original) {
		String feedbackType = firstWord(ReportFields.first(fields, "feedback-type"));
		if (feedbackType != null && !COMPLAINT_TYPES.contains(feedbackType)) {
			return List.of();
		}
		String userAgent = ReportFields.first(fields, "user-agent");
		String diagnostic = SmtpCodes.diagnostic("feedback-type " + ((feedbackType != null) ? feedbackType : "none")
				+ ((userAgent != null) ? " from " + userAgent : ""));
		List<Finding> findings = new ArrayList<>();
		for (String value : fields.getOrDefault("original-rcpt-to", List.of())) {
			String recipient = unredacted(ReportFields.untyped(value));
			if (recipient != null && findings.size() < FINDINGS_LIMIT) {
				findings.add(new Finding(Kind.COMPLAINT, recipient, null, diagnostic));
			}
		}
		if (findings.isEmpty()) {
			String to = (original != null) ? firstAddress(original.getHeader("To", ",")) : null;
			findings.add(new Finding(Kind.COMPLAINT, unredacted(to), null, diagnostic));
		}
		return findings;
	}

	// providers redact the reader's address as "redacted@...", "xxxxxxxx@..." or drop it
	private static String unredacted(String address) {
		if (address == null || address.indexOf('@') <= 0) {
			return null;
		}
		String local = address.substring(0, address.lastIndexOf('@')).toLowerCase(Locale.ROOT);
		if (local.contains("redacted") || local.chars().allMatch((c) -> c == 'x' || c == '*' || c == '#')) {
			return null;
		}
		return address;
	}

	private static boolean looksLikeBounce(MimeMessage message, String subject, List<String> failedRecipients,
			String notice) {
		if (!failedRecipients.isEmpty()) {
			return true;
		}
		String lowerSubject = subject.trim().toLowerCase(Locale.ROOT);
		if (startsWithAny(lowerSubject, AUTO_REPLY_SUBJECTS)) {
			return false;
		}
		if (startsWithAny(lowerSubject, BOUNCE_SUBJECTS)) {
			return true;
		}
		String from = String.join(",", header(message, "From")).toLowerCase(Locale.ROOT);
		if (containsAny(from, BOUNCE_SENDERS)) {
			return true;
		}
		// RFC 3834 asks auto-replies to use the empty Return-Path too: it takes a failure
		// in the text
		String[] returnPath = header(message, "Return-Path");
		boolean nullSender = returnPath.length > 0 && returnPath[0].replaceAll("\\s", "").equals("<>");
		return nullSender && containsAny(notice.toLowerCase(Locale.ROOT), FAILURE_PHRASES);
	}

	private static boolean looksLikeAutoReply(MimeMessage message, String subject) {
		for (String value : header(message, "Auto-Submitted")) {
			String word = firstWord(value);
			if (word != null && !word.equals("no")) {
				return true;
			}
		}
		if (header(message, "X-Autoreply").length > 0 || header(message, "X-Autorespond").length > 0) {
			return true;
		}
		for (String value : header(message, "Precedence")) {
			if ("auto_reply".equals(firstWord(value))) {
				return true;
			}
		}
		return startsWithAny(subject.trim().toLowerCase(Locale.ROOT), AUTO_REPLY_SUBJECTS);
	}

	private static List<String> failedRecipients(MimeMessage message) {
		List<String> recipients = new ArrayList<>();
		for (String value : header(message, "X-Failed-Recipients")) {
			for (String address : addressesIn(value)) {
				if (recipients.size() < FINDINGS_LIMIT && !recipients.contains(address)) {
					recipients.add(address);
				}
			}
		}
		return recipients;
	}

	private static Map<String, List<String>> merged(List<Map<String, List<String>>> groups) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		for (Map<String, List<String>> group : groups) {
			group.forEach((name, values) -> fields.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(values));
		}
		return fields;
	}

	private static String messageId(MimeMessage message) {
		try {
			String value = message.getHeader("Message-ID", null);
			if (value == null) {
				return null;
			}
			String id = MimeUtility.unfold(value).trim();
			return id.isEmpty() ? null : id;
		}
		catch (MessagingException | RuntimeException ex) {
			return null;
		}
	}

	private static String subject(MimeMessage message) {
		try {
			String subject = message.getSubject();
			return (subject != null) ? subject : "";
		}
		catch (MessagingException | RuntimeException ex) {
			String[] raw = header(message, "Subject");
			return (raw.length > 0) ? raw[0] : "";
		}
	}

	/** The values of a header, unfolded and cut to a sane length; empty when none. */
	private static String[] header(MimeMessage message, String name) {
		try {
			String[] values = message.getHeader(name);
			if (values == null) {
				return new String[0];
			}
			List<String> kept = new ArrayList<>();
			for (int i = 0; i < values.length && i < HEADER_VALUES_LIMIT; i++) {
				String value = (values[i].length() > HEADER_LENGTH_LIMIT) ? values[i].substring(0, HEADER_LENGTH_LIMIT)
						: values[i];
				kept.add(MimeUtility.unfold(value));
			}
			return kept.toArray(new String[0]);
		}
		catch (MessagingException | RuntimeException ex) {
			return new String[0];
		}
	}

	/**
	 * The addresses of a header value, leniently: parsed when it parses, else picked out.
	 */
	private static List<String> addressesIn(String value) {
		List<String> addresses = new ArrayList<>();
		if (value == null) {
			return addresses;
		}
		try {
			for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
				if (address.isGroup()) {
					for (InternetAddress member : address.getGroup(false)) {
						addresses.add(member.getAddress());
					}
				}
				else {
					addresses.add(address.getAddress());
				}
			}
		}
		catch (MessagingException | RuntimeException ex) {
			addresses.clear();
			for (String word : value.split("[\\s,;<>\"()]+")) {
				if (word.indexOf('@') > 0) {
					addresses.add(word);
				}
			}
		}
		addresses.removeIf((address) -> address == null || address.indexOf('@') <= 0);
		return addresses;
	}

	private static String firstAddress(String value) {
		List<String> addresses = addressesIn(value);
		return addresses.isEmpty() ? null : addresses.get(0);
	}

	private static String firstWord(String value) {
		if (value == null) {
			return null;
		}
		String word = value.trim().split("[\\s;(]", 2)[0].toLowerCase(Locale.ROOT);
		return word.isEmpty() ? null : word;
	}

	private static boolean startsWithAny(String text, String[] prefixes) {
		for (String prefix : prefixes) {
			if (text.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static boolean containsAny(String text, String[] phrases) {
		for (String phrase : phrases) {
			if (text.contains(phrase)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The parts of a mail that matter here, found by walking its MIME tree, and their
	 * text, each read once and at most {@value ReportReader#TEXT_LIMIT} bytes of it.
	 */
	private static final class Contents {

		private Part deliveryStatus;

		private Part feedbackReport;

		private Part original;

		private final List<Part> plain = new ArrayList<>();

		private final List<Part> html = new ArrayList<>();

		private final List<Part> broken = new ArrayList<>();

		private final Map<Part, String> texts = new IdentityHashMap<>();

		private int parts;

		void walk(Part part, int depth) {
			if (++parts > PARTS_LIMIT) {
				return;
			}
			String type = baseType(part);
			if (type.startsWith("multipart/")) {
				if (depth < DEPTH_LIMIT) {
					walkMultipart(part, depth);
				}
			}
			else if (type.equals("message/delivery-status") || type.equals("message/global-delivery-status")) {
				deliveryStatus = (deliveryStatus != null) ? deliveryStatus : part;
			}
			else if (type.equals("message/feedback-report")) {
				feedbackReport = (feedbackReport != null) ? feedbackReport : part;
			}
			else if (type.equals("message/rfc822") || type.equals("text/rfc822-headers")
					|| type.equals("message/global") || type.equals("message/global-headers")) {
				original = (original != null) ? original : part;
			}
			else if (type.equals("text/html")) {
				html.add(part);
			}
			else if (type.startsWith("text/")) {
				plain.add(part);
			}
		}

		// parsed from the bytes, not by getContent(): no provider may turn a part into an
		// object here
		private void walkMultipart(Part part, int depth) {
			MimeMultipart multipart;
			int count;
			try {
				multipart = new MimeMultipart(new MimePartDataSource((MimePart) part));
				count = multipart.getCount();
			}
			catch (MessagingException | RuntimeException ex) {
				broken.add(part);
				return;
			}
			for (int i = 0; i < count && parts < PARTS_LIMIT; i++) {
				try {
					walk(multipart.getBodyPart(i), depth + 1);
				}
				catch (MessagingException | RuntimeException ex) {
					// one broken part leaves the others readable
				}
			}
		}

		String text(Part part) {
			return texts.computeIfAbsent(part, (key) -> decoded(key, false));
		}

		private String rawText(Part part) {
			return texts.computeIfAbsent(part, (key) -> decoded(key, true));
		}

		/**
		 * The human-readable text of the mail, where a bounce in no standard form says
		 * what failed.
		 */
		String notice() {
			StringBuilder notice = new StringBuilder();
			for (Part part : plain) {
				append(notice, text(part));
			}
			for (Part part : broken) {
				append(notice, rawText(part));
			}
			if (notice.length() == 0) {
				for (Part part : html) {
					append(notice, Jsoup.parse(text(part)).wholeText());
				}
			}
			return (notice.length() > TEXT_LIMIT) ? notice.substring(0, TEXT_LIMIT) : notice.toString();
		}

		InternetHeaders originalHeaders() {
			if (original == null) {
				return null;
			}
			try {
				return new InternetHeaders(
						new ByteArrayInputStream(text(original).getBytes(StandardCharsets.ISO_8859_1)));
			}
			catch (MessagingException | RuntimeException ex) {
				return null;
			}
		}

		void scanForPlusAddresses(Envelope envelope) {
			List<Part> scanned = new ArrayList<>(plain);
			scanned.addAll(html);
			for (Part part : new Part[] { deliveryStatus, feedbackReport, original }) {
				if (part != null) {
					scanned.add(part);
				}
			}
			for (Part part : scanned) {
				envelope.addPlusAddresses(text(part));
			}
			for (Part part : broken) {
				envelope.addPlusAddresses(rawText(part));
			}
		}

		private static void append(StringBuilder notice, String text) {
			if (notice.length() < TEXT_LIMIT) {
				notice.append(text).append("\n\n");
			}
		}

		private static String decoded(Part part, boolean raw) {
			byte[] bytes;
			try {
				bytes = bounded(raw ? rawStream(part) : part.getInputStream());
			}
			catch (IOException | MessagingException | RuntimeException ex) {
				try {
					bytes = bounded(rawStream(part));
				}
				catch (MessagingException | RuntimeException again) {
					return "";
				}
			}
			return new String(bytes, charset(part));
		}

		private static InputStream rawStream(Part part) throws MessagingException {
			if (part instanceof MimeBodyPart body) {
				return body.getRawInputStream();
			}
			if (part instanceof MimeMessage message) {
				return message.getRawInputStream();
			}
			throw new MessagingException("No raw content: " + part.getClass().getSimpleName());
		}

		private static byte[] bounded(InputStream in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (in) {
				byte[] buffer = new byte[8192];
				int read;
				while (out.size() < TEXT_LIMIT
						&& (read = in.read(buffer, 0, Math.min(buffer.length, TEXT_LIMIT - out.size()))) > 0) {
					out.write(buffer, 0, read);
				}
			}
			catch (IOException | RuntimeException ex) {
				// a broken encoding ends the text where it breaks
			}
			return out.toByteArray();
		}

		private static Charset charset(Part part) {
			try {
				String name = new ContentType(part.getContentType()).getParameter("charset");
				if (name != null) {
					return Charset.forName(MimeUtility.javaCharset(name.trim()));
				}
			}
			catch (MessagingException | RuntimeException ex) {
				// unknown or unreadable: UTF-8 reads ASCII alike and replaces the rest
			}
			return (baseType(part).equals("text/rfc822-headers") || baseType(part).startsWith("message/"))
					? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
		}

		private static String baseType(Part part) {
			try {
				String type = part.getContentType();
				if (type == null) {
					return "text/plain";
				}
				int semicolon = type.indexOf(';');
				return ((semicolon >= 0) ? type.substring(0, semicolon) : type).trim().toLowerCase(Locale.ROOT);
			}
			catch (MessagingException | RuntimeException ex) {
				return "application/octet-stream";
			}
		}

	}

	/**
	 * The envelope addresses in the order they are found, without repeats, at most
	 * {@value ReportReader#ADDRESS_LIMIT}: the local part as written, the domain
	 * lower-cased.
	 */
	private static final class Envelope {

		// not '=', '/', '?': in a text they glue "key=value" and URLs to an address
		private static final String LOCAL_CHARACTERS = "!#$%&'*+-^_`{|}~.";

		private final Map<String, String> addresses = new LinkedHashMap<>();

		void addHeaderValues(String[] values) {
			if (values == null) {
				return;
			}
			for (String value : values) {
				for (String address : addressesIn(value)) {
					add(address);
				}
			}
		}

		void add(String address) {
			if (address == null || addresses.size() >= ADDRESS_LIMIT) {
				return;
			}
			String trimmed = address.trim();
			if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
				trimmed = trimmed.substring(1, trimmed.length() - 1).trim();
			}
			int at = trimmed.lastIndexOf('@');
			if (at <= 0 || at == trimmed.length() - 1 || trimmed.length() > 320
					|| trimmed.chars().anyMatch(Character::isWhitespace)) {
				return;
			}
			String normal = trimmed.substring(0, at) + "@" + trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
			addresses.putIfAbsent(normal.toLowerCase(Locale.ROOT), normal);
		}

		// by hand rather than by a regular expression, whose backtracking on a long word
		// is quadratic
		void addPlusAddresses(String text) {
			int at = text.indexOf('@');
			while (at >= 0 && addresses.size() < ADDRESS_LIMIT) {
				int start = at;
				while (start > 0 && at - start < 64 && isLocal(text.charAt(start - 1))) {
					start--;
				}
				int end = at + 1;
				while (end < text.length() && end - at < 255 && isDomain(text.charAt(end))) {
					end++;
				}
				String local = trimDots(text.substring(start, at));
				String domain = trimDots(text.substring(at + 1, end));
				if (local.indexOf('+') > 0 && domain.indexOf('.') > 0) {
					add(local + "@" + domain);
				}
				at = text.indexOf('@', at + 1);
			}
		}

		List<String> addresses() {
			return List.copyOf(addresses.values());
		}

		private static boolean isLocal(char c) {
			return isAsciiLetterOrDigit(c) || LOCAL_CHARACTERS.indexOf(c) >= 0;
		}

		private static boolean isDomain(char c) {
			return isAsciiLetterOrDigit(c) || c == '-' || c == '.';
		}

		private static boolean isAsciiLetterOrDigit(char c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		}

		private static String trimDots(String text) {
			int start = 0;
			int end = text.length();
			while (start < end && text.charAt(start) == '.') {
				start++;
			}
			while (end > start && text.charAt(end - 1) == '.') {
				end--;
			}
			return text.substring(start, end);
		}

	}

}
