package dev.glowletter.subscription;

import java.util.ArrayList;
import java.util.List;

/** Just enough CSV (RFC 4180): quoted fields, doubled quotes, line breaks inside quotes; comma or semicolon. */
final class Csv {

	private Csv() {
	}

	/** One parsed record and the line of the file it starts on (1-based). */
	record Record(int line, List<String> fields) {

		String field(int index) {
			return index >= 0 && index < fields.size() ? fields.get(index).strip() : "";
		}

		boolean blank() {
			return fields.stream().allMatch(String::isBlank);
		}
	}

	/** The delimiter the first line uses most: semicolon (spreadsheets in many locales) or comma. */
	static char delimiter(String text) {
		int end = text.indexOf('\n');
		String first = end < 0 ? text : text.substring(0, end);
		return first.chars().filter(c -> c == ';').count() > first.chars().filter(c -> c == ',').count() ? ';' : ',';
	}

	static List<Record> parse(String text, int maxRecords) {
		char delimiter = delimiter(text);
		List<Record> records = new ArrayList<>();
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		int line = 1;
		int recordLine = 1;
		int start = text.startsWith("\uFEFF") ? 1 : 0;
		for (int i = start; i < text.length() && records.size() < maxRecords; i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					if (c == '\n') {
						line++;
					}
					field.append(c);
				}
			}
			else if (c == '"' && field.isEmpty()) {
				quoted = true;
			}
			else if (c == delimiter) {
				fields.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				fields.add(field.toString());
				field.setLength(0);
				records.add(new Record(recordLine, List.copyOf(fields)));
				fields.clear();
				line++;
				recordLine = line;
			}
			else {
				field.append(c);
			}
		}
		if ((!field.isEmpty() || !fields.isEmpty()) && records.size() < maxRecords) {
			fields.add(field.toString());
			records.add(new Record(recordLine, List.copyOf(fields)));
		}
		records.removeIf(Record::blank);
		return records;
	}

	/** One CSV line, quoting where needed; a leading = + - @ is defused for spreadsheets. */
	static String line(String... values) {
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
