package dev.glowletter.rendering.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Quoted-printable (RFC 2045) for text parts, written straight into a byte buffer: line
 * breaks become CRLF, lines stay within 76 characters, and everything but printable ASCII
 * is escaped.
 */
public final class QuotedPrintable {

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_LINE = 76;

	private QuotedPrintable() {
	}

	public static void encode(CharSequence text, ByteSink out) {
		byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
		int column = 0;
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
				continue; // the \n that follows writes the line break
			}
			if (b == '\n') {
				out.write('\r');
				out.write('\n');
				column = 0;
				continue;
			}
			boolean endOfLine = i + 1 == bytes.length || bytes[i + 1] == '\n' || bytes[i + 1] == '\r';
			boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !endOfLine);
			int width = literal ? 1 : 3;
			// room for the soft break's "=" unless this is the line's last character
			int limit = endOfLine ? MAX_LINE : MAX_LINE - 1;
			if (column + width > limit) {
				out.write('=');
				out.write('\r');
				out.write('\n');
				column = 0;
			}
			if (literal) {
				out.write(b);
			}
			else {
				out.write('=');
				out.write(HEX[b >> 4]);
				out.write(HEX[b & 0x0F]);
			}
			column += width;
		}
	}

	/** A growable byte buffer without the synchronisation of ByteArrayOutputStream. */
	public static final class ByteSink {

		private byte[] buffer;

		private int size;

		public ByteSink(int capacity) {
			this.buffer = new byte[capacity];
		}

		public void write(int b) {
			if (size == buffer.length) {
				grow(1);
			}
			buffer[size++] = (byte) b;
		}

		public void write(byte[] bytes) {
			if (size + bytes.length > buffer.length) {
				grow(bytes.length);
			}
			System.arraycopy(bytes, 0, buffer, size, bytes.length);
			size += bytes.length;
		}

		public void ascii(String text) {
			int length = text.length();
			if (size + length > buffer.length) {
				grow(length);
			}
			for (int i = 0; i < length; i++) {
				buffer[size++] = (byte) text.charAt(i);
			}
		}

		private void grow(int atLeast) {
			buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + atLeast));
		}

		public byte[] toByteArray() {
			return Arrays.copyOf(buffer, size);
		}

		public int size() {
			return size;
		}

	}

}
