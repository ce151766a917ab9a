package dev.glowletter.rendering;

/**
 * A template that does not parse or render, with the place to look: template, line and
 * column.
 */
public class TemplateProblem extends RuntimeException {

	private final String template;

	private final Integer line;

	private final Integer column;

	public TemplateProblem(String template, Integer line, Integer column, String problem, Throwable cause) {
		super(describe(template, line, column, problem), cause);
		this.template = template;
		this.line = line;
		this.column = column;
	}

	private static String describe(String template, Integer line, Integer column, String problem) {
		String where = line == null ? template : template + ", line " + line + ", column " + column;
		return "Template " + where + ": " + problem;
	}

	public String template() {
		return template;
	}

	public Integer line() {
		return line;
	}

	public Integer column() {
		return column;
	}

}
