package dev.glowletter.subscription.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Just enough CSV (RFC 4180): quoted fields, doubled quotes, line breaks inside quotes;
 * comma or semicolon. Records are read one at a time and each value is capped, so that a
 * file of any shape holds at most one bounded record in memory.
 */
public final class Csv {

	/**
	 * The longest value kept whole. A longer one keeps one character more, so that it is
	 * still known to be too long.
	 */
	public static final int MAX_FIELD = 1000;

	/**
	 * The most columns a line may have; the rest of a wider line is dropped and the line
	 * marked.
	 */
	public static final int MAX_COLUMNS = 1000;

	private Csv() {
	}

	/** What is wrong with the shape of a line, if anything. */
	public enum Flaw {

		/** More than {@link #MAX_COLUMNS} columns. */
		TOO_WIDE,

		/** A quote opens a value and the file ends before it closes. */
		UNCLOSED_QUOTE

	}

	/**
	 * One parsed record, the line of the file it starts on (1-based), and its flaw or
	 * null.
	 */
	public record Record(int line, List<String> fields, Flaw flaw) {

		public String field(int index) {
			return index >= 0 && index < fields.size() ? fields.get(index).strip() : "";
		}

		/**
		 * Whether the value in that column was longer than {@link #MAX_FIELD} and is cut.
		 */
		public boolean cut(int index) {
			return index >= 0 && index < fields.size() && fields.get(index).length() > MAX_FIELD;
		}

		boolean blank() {
			return fields.stream().allMatch(String::isBlank);
		}
	}

	/**
	 * The line (from 1) of the first byte sequence that is not UTF-8, or 0 when all of it
	 * is.
	 */
	public static int firstLineNotUtf8(byte[] bytes) {
		// reports malformed input rather than replacing it
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate(8192);
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return lineAt(bytes, in.position());
			}
			if (result.isUnderflow()) {
				return 0;
			}
			out.clear();
		}
	}

	/** The line (from 1) of the first NUL character, or 0 when there is none. */
	public static int firstLineWithNul(byte[] bytes) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == 0) {
				return lineAt(bytes, i);
			}
		}
		return 0;
	}

	private static int lineAt(byte[] bytes, int position) {
		int line = 1;
		for (int i = 0; i < position; i++) {
			if (bytes[i] == '\n') {
				line++;
			}
		}
		return line;
	}

	/**
	 * The delimiter the first line uses most: semicolon (spreadsheets in many locales) or
	 * comma.
	 */
	static char delimiter(byte[] utf8) {
		int semicolons = 0;
		int commas = 0;
		for (int i = 0; i < utf8.length && utf8[i] != '\n'; i++) {
			semicolons += utf8[i] == ';' ? 1 : 0;
			commas += utf8[i] == ',' ? 1 : 0;
		}
		return semicolons > commas ? ';' : ',';
	}

	/**
	 * Reads UTF-8 CSV and hands each record that is not blank to {@code each}, in order.
	 */
	public static void read(byte[] utf8, Consumer<Record> each) {
		try (Reader in = new InputStreamReader(new ByteArrayInputStream(utf8), StandardCharsets.UTF_8)) {
			new Parser(in, delimiter(utf8), each).run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The state of one pass over a file. */
	private static final class Parser {

		private final Reader in;

		private final char delimiter;

		private final Consumer<Record> each;

		private final char[] buffer = new char[8192];

		private int position;

		private int length;

		private final List<String> fields = new ArrayList<>();

		private final StringBuilder field = new StringBuilder();

		private boolean tooWide;

		private int line = 1;

		private int recordLine = 1;

		Parser(Reader in, char delimiter, Consumer<Record> each) {
			this.in = in;
			this.delimiter = delimiter;
			this.each = each;
		}

		void run() throws IOException {
			boolean quoted = false;
			int c = next();
			if (c == '\uFEFF') {
				c = next();
			}
			for (; c >= 0; c = next()) {
				if (quoted) {
					if (c == '"') {
						if (peek() == '"') {
							next();
							append('"');
						}
						else {
							quoted = false;
						}
					}
					else {
						if (c == '\n') {
							line++;
						}
						append((char) c);
					}
				}
				else if (c == '"' && field.isEmpty()) {
					quoted = true;
				}
				else if (c == delimiter) {
					endField();
				}
				else if (c == '\n' || c == '\r') {
					if (c == '\r' && peek() == '\n') {
						next();
					}
					endRecord(null);
					line++;
					recordLine = line;
				}
				else {
					append((char) c);
				}
			}
			if (quoted || !field.isEmpty() || !fields.isEmpty()) {
				endRecord(quoted ? Flaw.UNCLOSED_QUOTE : null);
			}
		}

		private void append(char c) {
			if (field.length() <= MAX_FIELD) {
				field.append(c);
			}
		}

		private void endField() {
			if (fields.size() < MAX_COLUMNS) {
				fields.add(field.toString());
			}
			else {
				tooWide = true;
			}
			field.setLength(0);
		}

		private void endRecord(Flaw flaw) {
			endField();
			Record record = new Record(recordLine, List.copyOf(fields), tooWide ? Flaw.TOO_WIDE : flaw);
			fields.clear();
			tooWide = false;
			if (record.flaw() != null || !record.blank()) {
				each.accept(record);
			}
		}

		private int next() throws IOException {
			int c = peek();
			position++;
			return c;
		}

		private int peek() throws IOException {
			if (position >= length) {
				length = in.read(buffer);
				position = 0;
				if (length <= 0) {
					length = 0;
					return -1;
				}
			}
			return buffer[position];
		}

	}

	/**
	 * One CSV line, quoting where needed; a leading = + - @ is defused for spreadsheets.
	 */
	public static String line(String... values) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				out.append(',');
			}
			String value = values[i] == null ? "" : values[i];
			if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
				value = "'" + value;
			}
			if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
				value = '"' + value.replace("\"", "\"\"") + '"';
			}
			out.append(value);
		}
		return out.append("\r\n").toString();
	}

}
