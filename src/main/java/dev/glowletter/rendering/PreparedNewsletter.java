package dev.glowletter.rendering;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.glowletter.rendering.internal.MimeWriter;
import dev.glowletter.rendering.internal.QuotedPrintable;

/**
 * A newsletter made ready for sending to many readers. What is the same for all of them
 * (the template's output around the reader's name, address and unsubscribe link) is
 * rendered once; each copy then only fills in its reader and is written straight into
 * MIME bytes, with no template run and no Jakarta Mail message per reader.
 *
 * <p>
 * It proves itself before use: copies made this way for sample readers must equal, to the
 * character, what the full template run gives them. A template that does something with
 * the reader's values that filling in cannot reproduce (upper-casing a name, say) fails
 * that proof, and every copy is then rendered the full way: slower, never different.
 */
public final class PreparedNewsletter {

	static final String NAME = "QQGLWNAMEQQ";

	static final String EMAIL = "QQGLWEMAILQQ";

	static final String UNSUBSCRIBE = "QQGLWUNSUBQQ";

	static final String PREFERENCES = "QQGLWPREFSQQ";

	/** The three outputs of one template run, split where the reader's values go. */
	record Shape(Parts subject, Parts html, Parts text, Encoded encodedHtml, Encoded encodedText) {

		Shape(Parts subject, Parts html, Parts text) {
			this(subject, html, text, Encoded.of(html), Encoded.of(text));
		}
	}

	/**
	 * A part's pieces already in quoted-printable: each literal piece was encoded once,
	 * starting a line and ending with a soft line break, so that a reader's value encoded
	 * the same way can go between them and every line stays within the limit.
	 */
	record Encoded(List<Object> pieces) {

		static Encoded of(Parts parts) {
			List<Object> pieces = new ArrayList<>(parts.pieces().size());
			for (Object piece : parts.pieces()) {
				pieces.add(piece instanceof String literal ? segment(literal) : piece);
			}
			return new Encoded(List.copyOf(pieces));
		}

		void write(QuotedPrintable.ByteSink out, Recipient reader, String unsubscribeUrl, boolean html) {
			for (Object piece : pieces) {
				if (piece instanceof Slot slot) {
					String value = slot.value(reader, unsubscribeUrl);
					out.write(segment(html ? escapeHtml(value) : value));
				}
				else {
					out.write((byte[]) piece);
				}
			}
		}

		static byte[] segment(String text) {
			QuotedPrintable.ByteSink out = new QuotedPrintable.ByteSink(text.length() + 16);
			QuotedPrintable.encode(text, out);
			byte[] bytes = out.toByteArray();
			boolean endsLine = bytes.length >= 2 && bytes[bytes.length - 2] == '\r' && bytes[bytes.length - 1] == '\n';
			if (bytes.length > 0 && !endsLine) {
				out.ascii("=\r\n");
				bytes = out.toByteArray();
			}
			return bytes;
		}
	}

	/** Literal text and reader values, in order. */
	record Parts(List<Object> pieces) {

		static Parts split(String rendered) {
			List<Object> pieces = new ArrayList<>();
			int from = 0;
			while (true) {
				int next = -1;
				Slot slot = null;
				for (Slot candidate : Slot.values()) {
					int at = rendered.indexOf(candidate.marker, from);
					if (at >= 0 && (next < 0 || at < next)) {
						next = at;
						slot = candidate;
					}
				}
				if (slot == null) {
					pieces.add(rendered.substring(from));
					return new Parts(List.copyOf(pieces));
				}
				pieces.add(rendered.substring(from, next));
				pieces.add(slot);
				from = next + slot.marker.length();
			}
		}

		String fill(Recipient reader, String unsubscribeUrl, boolean html) {
			StringBuilder out = new StringBuilder(256);
			for (Object piece : pieces) {
				if (piece instanceof Slot slot) {
					String value = slot.value(reader, unsubscribeUrl);
					out.append(html ? escapeHtml(value) : value);
				}
				else {
					out.append((String) piece);
				}
			}
			return out.toString();
		}
	}

	enum Slot {

		FIRST_NAME(NAME), ADDRESS(EMAIL), UNSUBSCRIBE_URL(UNSUBSCRIBE), PREFERENCES_URL(PREFERENCES);

		final String marker;

		Slot(String marker) {
			this.marker = marker;
		}

		String value(Recipient reader, String unsubscribeUrl) {
			return switch (this) {
				case FIRST_NAME -> reader.firstName() == null ? "" : reader.firstName();
				case ADDRESS -> reader.email();
				case UNSUBSCRIBE_URL -> unsubscribeUrl;
				case PREFERENCES_URL -> MessageComposer.preferencesUrl(unsubscribeUrl);
			};
		}

	}

	private final Shape named;

	private final Shape unnamed;

	private final Function<Recipient, RenderedNewsletter> fullRender;

	private final Function<Recipient, String> unsubscribeUrls;

	private final Clock clock;

	private final String domain;

	private final String fromHeader;

	private final String listIdHeader;

	private final String boundary;

	PreparedNewsletter(Shape named, Shape unnamed, Function<Recipient, RenderedNewsletter> fullRender,
			Function<Recipient, String> unsubscribeUrls, Clock clock, String domain, String from, String senderName,
			String listId) {
		this.named = named;
		this.unnamed = unnamed;
		this.fullRender = fullRender;
		this.unsubscribeUrls = unsubscribeUrls;
		this.clock = clock;
		this.domain = domain;
		this.fromHeader = MimeWriter.fromHeader(from, senderName);
		this.listIdHeader = "List-Id: " + listId;
		this.boundary = "----=_Glowletter_" + MessageComposer.newId();
	}

	/**
	 * Whether copies are filled in (true) or rendered the full way because the proof
	 * failed.
	 */
	public boolean isFast() {
		return named != null;
	}

	/** The reader's copy, ready for the wire. */
	public ComposedEmail compose(Recipient reader) {
		WireCopy copy = wireCopy(reader);
		return new ComposedEmail(copy.messageId(), reader.email(), new String(copy.bytes(), StandardCharsets.US_ASCII));
	}

	/** A copy as the bytes to send (7-bit ASCII) and its Message-ID. */
	public record WireCopy(String messageId, byte[] bytes) {
	}

	/**
	 * The reader's copy as bytes, for the send loop: no String made and taken apart
	 * again.
	 */
	public WireCopy wireCopy(Recipient reader) {
		String unsubscribeUrl = unsubscribeUrls.apply(reader);
		Shape shape = shape(reader);
		String subject = shape == null ? null : shape.subject().fill(reader, unsubscribeUrl, false);
		RenderedNewsletter rendered = shape == null ? fullRender.apply(reader) : null;
		if (rendered != null) {
			subject = rendered.subject();
		}
		String messageId = "<" + MessageComposer.newId() + "@" + domain + ">";
		MimeWriter mime = new MimeWriter(16384, boundary).headers(clock.instant(), fromHeader, reader.email(),
				reader.firstName(), messageId, subject, listIdHeader, unsubscribeUrl);
		QuotedPrintable.ByteSink text = mime.part("text/plain");
		if (shape == null) {
			QuotedPrintable.encode(rendered.text(), text);
		}
		else {
			shape.encodedText().write(text, reader, unsubscribeUrl, false);
		}
		QuotedPrintable.ByteSink html = mime.endPart().part("text/html");
		if (shape == null) {
			QuotedPrintable.encode(rendered.html(), html);
		}
		else {
			shape.encodedHtml().write(html, reader, unsubscribeUrl, true);
		}
		byte[] bytes = mime.endPart().finish();
		return new WireCopy(messageId, bytes);
	}

	/** The reader's shape when filling in is proven, else null (render in full). */
	private Shape shape(Recipient reader) {
		if (named == null) {
			return null;
		}
		return reader.firstName() == null || reader.firstName().isBlank() ? unnamed : named;
	}

	/**
	 * Subject, HTML and text for the reader: filled in, or rendered in full when filling
	 * in is not proven.
	 */
	RenderedNewsletter render(Recipient reader, String unsubscribeUrl) {
		Shape shape = shape(reader);
		if (shape == null) {
			return fullRender.apply(reader);
		}
		return new RenderedNewsletter(shape.subject().fill(reader, unsubscribeUrl, false),
				shape.html().fill(reader, unsubscribeUrl, true), shape.text().fill(reader, unsubscribeUrl, false));
	}

	/** As FreeMarker's HTML output format escapes. */
	static String escapeHtml(String value) {
		StringBuilder out = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			String entity = switch (c) {
				case '<' -> "&lt;";
				case '>' -> "&gt;";
				case '&' -> "&amp;";
				case '"' -> "&quot;";
				case '\'' -> "&#39;";
				default -> null;
			};
			if (entity != null && out == null) {
				out = new StringBuilder(value.length() + 16).append(value, 0, i);
			}
			if (out != null) {
				if (entity != null) {
					out.append(entity);
				}
				else {
					out.append(c);
				}
			}
		}
		return out == null ? value : out.toString();
	}

}
