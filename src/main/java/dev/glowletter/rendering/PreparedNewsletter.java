package dev.glowletter.rendering;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>
 * Custom fields ({@code subscriber.fields.skinType}) are filled in the same way. A
 * template may treat a reader with a value differently from one without
 * ({@code ?has_content}), or by the value ({@code == "Oily"}), so there is a shape per
 * variant: named or not, which of the fields the template asks for the reader has values
 * of, and the values of those it computes with (written into the shape, not filled in). A
 * variant's shape is made when its first reader comes and proves itself as the first two
 * do; one that cannot, and the readers beyond {@value #MAX_VARIANTS} variants, are
 * rendered the full way.
 */
public final class PreparedNewsletter {

	static final String NAME = "QQGLWNAMEQQ";

	static final String EMAIL = "QQGLWEMAILQQ";

	static final String UNSUBSCRIBE = "QQGLWUNSUBQQ";

	static final String PREFERENCES = "QQGLWPREFSQQ";

	/** More variants than this, and the rest are rendered the full way. */
	static final int MAX_VARIANTS = 256;

	/** Where a tracked copy's open pixel goes (HTML written as it is). */
	static final String OPEN = "QQGLWOPENQQ";

	/** The copy id of the reader a shape is rendered for: their links are markers. */
	static final long MARKER_COPY = -1;

	/** A card's link marker: the card's index, between letters. */
	static String linkMarker(int index) {
		return "QQGLWL" + index + "LQQ";
	}

	/** A field's marker: its index among the variant's fields, between letters. */
	static String fieldMarker(int index) {
		return "QQGLWF" + index + "FQQ";
	}

	/**
	 * The three outputs of one template run, split where the reader's values go, and the
	 * fields the run asked for.
	 */
	record Shape(Parts subject, Parts html, Parts text, Encoded encodedHtml, Encoded encodedText, Set<String> asked,
			Set<String> computed) {

		Shape(Parts subject, Parts html, Parts text, Set<String> asked, Set<String> computed) {
			this(subject, html, text, Encoded.of(html), Encoded.of(text), Set.copyOf(asked), Set.copyOf(computed));
		}

		RenderedNewsletter fill(Recipient reader, String unsubscribeUrl) {
			return new RenderedNewsletter(subject.fill(reader, unsubscribeUrl, false),
					html.fill(reader, unsubscribeUrl, true), text.fill(reader, unsubscribeUrl, false));
		}

		/**
		 * About the bytes of a message of this shape: its parts' literal pieces, and room
		 * for the headers and the reader's values; what a message's buffer starts with,
		 * so that it is seldom copied to grow.
		 */
		int sizeHint() {
			return encodedText.literalBytes() + encodedHtml.literalBytes() + 2048;
		}

		/** The text part and the HTML part, filled in, after the headers. */
		MimeWriter writeParts(MimeWriter mime, Recipient reader, String unsubscribeUrl) {
			encodedText.write(mime.part("text/plain"), reader, unsubscribeUrl, false);
			encodedHtml.write(mime.endPart().part("text/html"), reader, unsubscribeUrl, true);
			return mime.endPart();
		}
	}

	/**
	 * Readers whose copies have one shape: named or not, with values of these fields
	 * (those the template asks for, filled in), and these values of the fields it
	 * computes with (written in; "" for none).
	 */
	record Variant(boolean named, Set<String> fields, Map<String, String> values) {
	}

	/**
	 * A part's pieces already in quoted-printable: each literal piece was encoded once,
	 * starting a line and ending with a soft line break, so that a reader's value encoded
	 * the same way can go between them and every line stays within the limit.
	 */
	record Encoded(List<Object> pieces, int literalBytes) {

		static Encoded of(Parts parts) {
			List<Object> pieces = new ArrayList<>(parts.pieces().size());
			int literalBytes = 0;
			for (Object piece : parts.pieces()) {
				Object encoded = piece instanceof String literal ? segment(literal) : piece;
				if (encoded instanceof byte[] bytes) {
					literalBytes += bytes.length;
				}
				pieces.add(encoded);
			}
			return new Encoded(List.copyOf(pieces), literalBytes);
		}

		void write(QuotedPrintable.ByteSink out, Recipient reader, String unsubscribeUrl, boolean html) {
			for (Object piece : pieces) {
				if (piece instanceof Hole slot) {
					String value = slot.value(reader, unsubscribeUrl);
					out.write(segment(html && !slot.markup() ? escapeHtml(value) : value));
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
			return split(rendered, List.of());
		}

		/** Split at the reader's values and at the values of these fields. */
		static Parts split(String rendered, List<String> fields) {
			return split(rendered, fields, List.of());
		}

		/**
		 * Split at the reader's values, at the values of these fields and at these links.
		 */
		static Parts split(String rendered, List<String> fields, List<? extends Hole> links) {
			List<Hole> holes = new ArrayList<>(List.of(Slot.values()));
			holes.addAll(links);
			for (int i = 0; i < fields.size(); i++) {
				holes.add(new FieldSlot(fields.get(i), fieldMarker(i)));
			}
			List<Object> pieces = new ArrayList<>();
			int from = 0;
			while (true) {
				int next = -1;
				Hole slot = null;
				for (Hole candidate : holes) {
					int at = rendered.indexOf(candidate.marker(), from);
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
				from = next + slot.marker().length();
			}
		}

		String fill(Recipient reader, String unsubscribeUrl, boolean html) {
			StringBuilder out = new StringBuilder(256);
			for (Object piece : pieces) {
				if (piece instanceof Hole slot) {
					String value = slot.value(reader, unsubscribeUrl);
					out.append(html && !slot.markup() ? escapeHtml(value) : value);
				}
				else {
					out.append((String) piece);
				}
			}
			return out.toString();
		}
	}

	/** Where a reader's value goes. */
	sealed interface Hole permits Slot, FieldSlot, LinkSlot, PixelSlot {

		String marker();

		String value(Recipient reader, String unsubscribeUrl);

		/** Whether the value is HTML to write as it is (else text, escaped in HTML). */
		default boolean markup() {
			return false;
		}

	}

	/**
	 * Where a tracked copy's open pixel goes: the image tag for a copy whose opens are
	 * counted, else nothing.
	 */
	record PixelSlot(Function<Recipient, String> tag) implements Hole {

		@Override
		public String marker() {
			return OPEN;
		}

		@Override
		public String value(Recipient reader, String unsubscribeUrl) {
			return tag.apply(reader);
		}

		@Override
		public boolean markup() {
			return true;
		}

	}

	/** Where the value of a custom field goes. */
	record FieldSlot(String key, String marker) implements Hole {

		@Override
		public String value(Recipient reader, String unsubscribeUrl) {
			String value = reader.fields().get(key);
			return value == null ? "" : value;
		}

	}

	/**
	 * Where a card's link goes: through the click tracker for a reader whose copy is
	 * tracked, else straight to the article. The link of a copy is signed once, however
	 * often the card shows it.
	 */
	record LinkSlot(String marker, Function<Recipient, String> url, AtomicReference<Memo> last) implements Hole {

		LinkSlot(String marker, Function<Recipient, String> url) {
			this(marker, url, new AtomicReference<>(new Memo(Long.MIN_VALUE, "")));
		}

		/** A copy's link, as last made. */
		record Memo(long copyId, String url) {
		}

		@Override
		public String value(Recipient reader, String unsubscribeUrl) {
			Memo memo = last.get();
			if (reader.copyId() != 0 && memo.copyId() == reader.copyId()) {
				return memo.url();
			}
			String made = url.apply(reader);
			if (reader.copyId() != 0) {
				last.set(new Memo(reader.copyId(), made));
			}
			return made;
		}

	}

	enum Slot implements Hole {

		FIRST_NAME(NAME), ADDRESS(EMAIL), UNSUBSCRIBE_URL(UNSUBSCRIBE), PREFERENCES_URL(PREFERENCES);

		final String marker;

		Slot(String marker) {
			this.marker = marker;
		}

		@Override
		public String marker() {
			return marker;
		}

		@Override
		public String value(Recipient reader, String unsubscribeUrl) {
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

	/** Makes and proves a variant's shape; null when it cannot be proven. */
	private final Function<Variant, Shape> variants;

	/** The variants' shapes made so far; empty: rendered the full way. */
	private final Map<Variant, Optional<Shape>> shapes = new ConcurrentHashMap<>();

	private final Function<Recipient, RenderedNewsletter> fullRender;

	private final Function<Recipient, String> unsubscribeUrls;

	private final Clock clock;

	private final String domain;

	private final String fromHeader;

	private final String listIdHeader;

	private final String boundary;

	PreparedNewsletter(Shape named, Shape unnamed, Function<Variant, Shape> variants,
			Function<Recipient, RenderedNewsletter> fullRender, Function<Recipient, String> unsubscribeUrls,
			Clock clock, String domain, String from, String senderName, String listId) {
		this.named = named;
		this.unnamed = unnamed;
		this.variants = variants;
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
		if (shape == null) {
			QuotedPrintable.encode(rendered.text(), mime.part("text/plain"));
			QuotedPrintable.encode(rendered.html(), mime.endPart().part("text/html"));
			mime.endPart();
		}
		else {
			shape.writeParts(mime, reader, unsubscribeUrl);
		}
		byte[] bytes = mime.finish();
		return new WireCopy(messageId, bytes);
	}

	/** The reader's shape when filling in is proven, else null (render in full). */
	private Shape shape(Recipient reader) {
		if (named == null) {
			return null;
		}
		boolean hasName = reader.firstName() != null && !reader.firstName().isBlank();
		Shape shape = hasName ? named : unnamed;
		if (shape.asked().isEmpty() || reader.fields().isEmpty()) {
			// the template asks for no field, or the reader has none: the base shape
			// holds
			return shape;
		}
		// the shape for the reader's values of the fields asked for; their values may
		// lead the template to ask for others: a few steps at most
		Variant variant = new Variant(hasName, Set.of(), Map.of());
		for (int step = 0; step < 6; step++) {
			Variant next = variantOf(reader, hasName, shape);
			if (next.equals(variant)) {
				return shape;
			}
			variant = next;
			shape = variant(variant);
			if (shape == null) {
				return null;
			}
		}
		return null;
	}

	/**
	 * The reader's variant as the shape sees it: which of the fields it asked for they
	 * have values of, and their values of those it computed with.
	 */
	private static Variant variantOf(Recipient reader, boolean named, Shape shape) {
		Set<String> having = new TreeSet<>();
		Map<String, String> values = new TreeMap<>();
		for (String field : shape.asked()) {
			String value = reader.fields().get(field);
			boolean has = value != null && !value.isEmpty();
			if (shape.computed().contains(field)) {
				values.put(field, has ? value : "");
			}
			else if (has) {
				having.add(field);
			}
		}
		return new Variant(named, having, values);
	}

	private Shape variant(Variant variant) {
		if (variant.fields().isEmpty() && variant.values().isEmpty()) {
			return variant.named() ? named : unnamed;
		}
		Optional<Shape> made = shapes.get(variant);
		if (made == null) {
			if (shapes.size() >= MAX_VARIANTS) {
				return null;
			}
			made = shapes.computeIfAbsent(variant, v -> Optional.ofNullable(variants.apply(v)));
		}
		return made.orElse(null);
	}

	/** Whether the reader's copy is filled in (true) or rendered the full way. */
	boolean fillsIn(Recipient reader) {
		return shape(reader) != null;
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
		return shape.fill(reader, unsubscribeUrl);
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
