package dev.glowletter;

/**
 * Cells of the CSV files the admin downloads: quoted, and a value a spreadsheet would
 * take for a formula (it starts with =, +, -, @, a tab or a carriage return) made text
 * with a leading apostrophe.
 */
public final class CsvCells {

	private CsvCells() {
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
