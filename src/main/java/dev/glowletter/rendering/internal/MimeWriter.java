package dev.glowletter.rendering.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.internet.MimeUtility;

/**
 * Writes a newsletter or a reader's mail straight as MIME bytes: the headers, then a
 * multipart/alternative of a plain-text and an HTML part in quoted-printable, with no
 * Jakarta Mail message made (its byte-by-byte streams cost more than the rest of a mail).
 * The caller writes the parts' content between {@link #part} calls.
 */
public final class MimeWriter {

	/**
	 * RFC 5322's date, with the zone as a number ("+0000"; "GMT" is the obsolete form).
	 */
	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
			Locale.ENGLISH);

	/**
	 * Folded subject lines as written, by subject: Jakarta Mail's {@code fold} copies
	 * every line it folds (any subject past ~67 characters, as the confirmation's, which
	 * names the list) through a reader with a 16 KB buffer, and a list sends few long
	 * subjects (one per kind of reader's mail, one per campaign). A short subject, as one
	 * made per reader usually is, costs nothing to write and is not kept. Emptied when
	 * full, so that long subjects made per reader cannot grow it.
	 */
	private static final Map<String, String> SUBJECT_LINES = new ConcurrentHashMap<>();

	private static final int SUBJECT_LINES_KEPT = 256;

	private final QuotedPrintable.ByteSink out;

	private final String boundary;

	/**
	 * @param boundary the parts' boundary: one no quoted-printable content contains, as
	 * any boundary with a "=_" in it (quoted-printable writes every '=' as "=3D")
	 */
	public MimeWriter(int capacity, String boundary) {
		this.out = new QuotedPrintable.ByteSink(capacity);
		this.boundary = boundary;
	}

	/** The headers, up to and including the blank line before the first part. */
	public MimeWriter headers(Instant date, String fromHeader, String to, String toName, String messageId,
			String subject, String listIdHeader, String unsubscribeUrl) {
		out.ascii("Date: " + DATE.format(date.atZone(ZoneOffset.UTC)) + "\r\n");
		out.ascii(fromHeader + "\r\n");
		out.ascii("To: " + MimeUtility.fold(4, HeaderValues.address(to, toName).toString()) + "\r\n");
		out.ascii("Message-ID: " + messageId + "\r\n");
		out.ascii(subjectLine(subject));
		out.ascii("MIME-Version: 1.0\r\n");
		out.ascii("Content-Type: multipart/alternative;\r\n\tboundary=\"" + boundary + "\"\r\n");
		out.ascii(listIdHeader + "\r\n");
		if (unsubscribeUrl != null) {
			out.ascii("List-Unsubscribe: <" + unsubscribeUrl + ">\r\n");
			out.ascii("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
		}
		out.ascii("\r\n");
		return this;
	}

	/** The Subject header, encoded and folded, with its line end. */
	static String subjectLine(String subject) {
		String line = SUBJECT_LINES.get(subject);
		if (line != null) {
			return line;
		}
		String folded = MimeUtility.fold(9, HeaderValues.text(HeaderValues.clean(subject)));
		line = "Subject: " + folded + "\r\n";
		if (folded.indexOf('\n') >= 0) {
			if (SUBJECT_LINES.size() >= SUBJECT_LINES_KEPT) {
				SUBJECT_LINES.clear();
			}
			SUBJECT_LINES.put(subject, line);
		}
		return line;
	}

	/**
	 * The From header of a sender, as {@link #headers} takes it: made once per sender.
	 */
	public static String fromHeader(String from, String senderName) {
		return "From: " + MimeUtility.fold(6, HeaderValues.address(from, senderName).toString());
	}

	/**
	 * Starts a part of this type (text/plain or text/html); its quoted-printable content
	 * follows.
	 */
	public QuotedPrintable.ByteSink part(String type) {
		out.ascii("--" + boundary + "\r\n");
		out.ascii("Content-Type: " + type + "; charset=UTF-8\r\n");
		out.ascii("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
		return out;
	}

	/** Ends the part just written. */
	public MimeWriter endPart() {
		out.ascii("\r\n");
		return this;
	}

	/** Closes the multipart: the message's bytes, 7-bit ASCII. */
	public byte[] finish() {
		out.ascii("--" + boundary + "--\r\n");
		return out.toByteArray();
	}

}
