package dev.glowletter.rendering;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import freemarker.template.SimpleScalar;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateScalarModel;

/**
 * {@code subscriber.fields} as templates see it: a field's value as text, and the empty
 * text for a field the reader has no value of (so that {@code ${subscriber.fields.x}}
 * renders nothing and {@code ?has_content} tells).
 *
 * <p>
 * Watching (for the render that makes a prepared newsletter's shape), it notes which
 * fields the template asked for, and which of them it did more with than show or test for
 * content: compared, cut, upper-cased. A shape holds for every reader who has values of
 * the same fields asked for, and the same values of those it did more with.
 */
final class FieldValues implements TemplateHashModel {

	private final Map<String, String> values;

	private final boolean watching;

	private final Set<String> asked = new HashSet<>();

	private final Set<String> computed = new HashSet<>();

	FieldValues(Map<String, String> values) {
		this(values, false);
	}

	FieldValues(Map<String, String> values, boolean watching) {
		this.values = values;
		this.watching = watching;
	}

	@Override
	public TemplateModel get(String key) {
		String value = values.get(key);
		if (!watching) {
			return new SimpleScalar(value == null ? "" : value);
		}
		asked.add(key);
		return new Watched(key, value == null ? "" : value);
	}

	/** A value that notes when the template uses it for more than output. */
	private final class Watched implements TemplateScalarModel {

		private final String key;

		private final String value;

		Watched(String key, String value) {
			this.key = key;
			this.value = value;
		}

		@Override
		public String getAsString() {
			if (!shownOrTested()) {
				computed.add(key);
			}
			return value;
		}

	}

	/**
	 * Whether FreeMarker reads the value to write it out ({@code ${x}}) or to see if it
	 * is empty ({@code ?has_content}); anything else (a comparison, a built-in, a
	 * concatenation) computes with it.
	 */
	private static boolean shownOrTested() {
		return STACK.walk(frames -> frames.skip(2)
			.dropWhile(frame -> frame.getClassName().equals("freemarker.core.EvalUtil"))
			.findFirst()
			.map(frame -> frame.getClassName().equals("freemarker.core.DollarVariable")
					|| frame.getClassName().equals("freemarker.core.Expression")
							&& frame.getMethodName().equals("isEmpty"))
			.orElse(false));
	}

	private static final StackWalker STACK = StackWalker.getInstance();

	@Override
	public boolean isEmpty() {
		return values.isEmpty();
	}

	/** The fields the render asked for, whether the reader has a value or not. */
	Set<String> asked() {
		return asked;
	}

	/** Those of them whose values it computed with. */
	Set<String> computed() {
		return computed;
	}

	/**
	 * The model's {@code subscriber.fields} made a {@link FieldValues}: a map (as the
	 * outbox keeps a transactional mail's model) or nothing.
	 */
	static void wrapIn(Map<String, Object> model) {
		if (model.get("subscriber") instanceof Map<?, ?> subscriber
				&& !(subscriber.get("fields") instanceof FieldValues)) {
			Map<String, Object> copy = new HashMap<>();
			subscriber.forEach((key, value) -> copy.put(String.valueOf(key), value));
			Map<String, String> values = new HashMap<>();
			if (subscriber.get("fields") instanceof Map<?, ?> given) {
				given.forEach((key, value) -> {
					if (value != null && !value.toString().isEmpty()) {
						values.put(String.valueOf(key), value.toString());
					}
				});
			}
			copy.put("fields", new FieldValues(values));
			model.put("subscriber", copy);
		}
	}

}
