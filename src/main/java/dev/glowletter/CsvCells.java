package dev.glowletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Cells of the CSV files the admin downloads: quoted, and a value a spreadsheet would
 * take for a formula (it starts with =, +, -, @, a tab or a carriage return) made text
 * with a leading apostrophe.
 */
public final class CsvCells {

	private CsvCells() {
	}

	/** Writes one line of these (already made) cells, ended by CRLF (RFC 4180). */
	public static void line(Writer out, String... cells) {
		try {
			out.write(String.join(",", cells));
			out.write("\r\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static void flush(Writer out) {
		try {
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static String cell(String value) {
		if (value == null) {
			return "";
		}
		String text = value;
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		return "\"" + text.replace("\"", "\"\"") + "\"";
	}

}
