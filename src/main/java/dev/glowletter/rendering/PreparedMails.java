package dev.glowletter.rendering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.glowletter.rendering.internal.EmailTemplates;

/**
 * Mails of the reader's path (a confirmation request, a welcome) made the way campaign
 * copies are ({@link PreparedNewsletter}): a template rendered once, with markers where a
 * mail's own texts go (the reader's address and name, their links, a confirmation link),
 * then filled in per mail, its pieces already in quoted-printable. One shape serves every
 * mail whose model differs only in those texts: the same template, the same numbers and
 * flags, a name or none, an unsubscribe link or none. It is made for the second mail of
 * its kind: the first is rendered in full.
 * <p>
 * A shape proves itself before use, as a campaign's does: filled in for two sample mails
 * whose texts differ in every way filling in could miss (escaping, non-ASCII), it must
 * give them, to the character, what the full template run gives. A template that does
 * more with a text than show it fails the proof, and its mails are rendered the full way:
 * slower, never different. So are mails with custom field values, and models with more
 * than texts, numbers and flags (a campaign's articles).
 * <p>
 * A template edited in the folder shows up after the update delay; a shape is made again
 * once it is that old, and never kept when the delay is nothing.
 */
final class PreparedMails {

	/** More kinds of mail than this, and all are forgotten, to be made again. */
	static final int MAX_SHAPES = 256;

	/** Where a text of the model is in the marker's place in the key. */
	private static final String TEXT = "\u0000text";

	private static final String SUBSCRIBER = "subscriber";

	private final EmailTemplates templates;

	private final Function<String, Map<String, Object>> commonModel;

	/** How long a shape serves; 0: none is kept. */
	private final long lifetimeNanos;

	private final Map<Key, Made> shapes = new ConcurrentHashMap<>();

	/**
	 * @param commonModel the model every mail sees, for its unsubscribe link or null
	 */
	PreparedMails(EmailTemplates templates, Function<String, Map<String, Object>> commonModel) {
		this.templates = templates;
		this.commonModel = commonModel;
		this.lifetimeNanos = templates.editsShowAfter().map(Duration::toNanos).orElse(Long.MAX_VALUE);
	}

	/**
	 * What a mail's shape is known by: its template, whether it has an unsubscribe link,
	 * and its model with each text in the marker's place ({@link #TEXT}).
	 *
	 * @param texts the model's own top-level texts, in the order of their field markers
	 */
	record Key(String template, boolean unsubscribe, Map<String, Object> model, List<String> texts) {
	}

	/**
	 * A kind of mail seen once (not tried), or its shape as made at a time: null when its
	 * mails are rendered the full way.
	 */
	private record Made(PreparedNewsletter.Shape shape, long madeAt, boolean tried) {
	}

	/**
	 * A mail as a proven shape and the values that fill it in: the address, the name, and
	 * the model's own texts as "fields".
	 */
	record Filling(PreparedNewsletter.Shape shape, Recipient values) {
	}

	/** The mail's shape and values, or null: render it the full way. */
	Filling filling(Email email) {
		if (lifetimeNanos == 0 || email.attachment() != null) {
			return null;
		}
		Key key = key(email);
		if (key == null) {
			return null;
		}
		long now = System.nanoTime();
		Made made = shapes.get(key);
		if (made == null) {
			// the first of its kind: rendered in full, and its kind noted; a mail of a
			// kind of its own (an API's mail with a number of its own) costs no shape
			if (shapes.size() >= MAX_SHAPES) {
				shapes.clear();
			}
			shapes.put(key, new Made(null, now, false));
			return null;
		}
		if (!made.tried() || now - made.madeAt() > lifetimeNanos) {
			// two threads may make the same shape at once: both get the same
			made = new Made(make(email, key), now, true);
			shapes.put(key, made);
		}
		return made.shape() == null ? null : new Filling(made.shape(), values(email.model(), key));
	}

	/** The mail's key, or null when its model has more than texts, numbers and flags. */
	static Key key(Email email) {
		Map<String, Object> model = new TreeMap<>();
		List<String> texts = new ArrayList<>();
		for (Map.Entry<String, ?> entry : new TreeMap<>(email.model()).entrySet()) {
			String name = entry.getKey();
			Object value = entry.getValue();
			if (SUBSCRIBER.equals(name) && value instanceof Map<?, ?> reader) {
				Map<String, Object> readerKey = readerKey(reader);
				if (readerKey == null) {
					return null;
				}
				model.put(name, readerKey);
			}
			else if (isText(value)) {
				model.put(name, TEXT);
				texts.add(name);
			}
			else if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
				model.put(name, value);
			}
			else {
				return null;
			}
		}
		return new Key(email.template(), email.unsubscribeUrl() != null, model, List.copyOf(texts));
	}

	/**
	 * The reader's part of the key: their address and name are texts unless blank; with
	 * custom field values, other texts or numbers (an id would make a shape per reader),
	 * null.
	 */
	private static Map<String, Object> readerKey(Map<?, ?> reader) {
		Map<String, Object> key = new TreeMap<>();
		for (Map.Entry<?, ?> entry : reader.entrySet()) {
			String name = String.valueOf(entry.getKey());
			Object value = entry.getValue();
			if ("fields".equals(name)) {
				if (!(value instanceof Map<?, ?> fields)
						|| !fields.values().stream().allMatch(field -> field == null || field.toString().isEmpty())) {
					return null;
				}
				key.put(name, Map.of());
			}
			else if (("email".equals(name) || "firstName".equals(name)) && isText(value)) {
				key.put(name, TEXT);
			}
			else if (value == null || value instanceof Boolean || value instanceof String text && text.isBlank()) {
				// written into the shape
				key.put(name, value);
			}
			else {
				return null;
			}
		}
		return key;
	}

	/**
	 * Whether a value is a text a shape fills in: blank ones are written into the shape,
	 * as a template may tell them from others ({@code ?has_content}).
	 */
	private static boolean isText(Object value) {
		return value instanceof String text && !text.isBlank();
	}

	/** The texts of a model of the key, as a shape's fill takes them. */
	private static Recipient values(Map<String, ?> model, Key key) {
		Map<String, String> texts = new HashMap<>();
		for (String name : key.texts()) {
			texts.put(name, (String) model.get(name));
		}
		Map<?, ?> reader = model.get(SUBSCRIBER) instanceof Map<?, ?> map ? map : Map.of();
		String name = isText(reader.get("firstName")) ? (String) reader.get("firstName") : null;
		String address = isText(reader.get("email")) ? (String) reader.get("email") : "";
		return new Recipient(0, address, name, 0, texts);
	}

	/**
	 * The shape of the mail's key, rendered with markers and proven on two samples; null
	 * when the template does more with a text than show it.
	 */
	private PreparedNewsletter.Shape make(Email email, Key key) {
		try {
			Map<String, String> markers = new HashMap<>();
			for (int i = 0; i < key.texts().size(); i++) {
				markers.put(key.texts().get(i), PreparedNewsletter.fieldMarker(i));
			}
			Recipient marker = new Recipient(0, PreparedNewsletter.EMAIL, PreparedNewsletter.NAME, 0, markers);
			String[] once = render(email, key, marker, key.unsubscribe() ? PreparedNewsletter.UNSUBSCRIBE : null);
			PreparedNewsletter.Parts none = PreparedNewsletter.Parts.split("");
			PreparedNewsletter.Shape shape = new PreparedNewsletter.Shape(none,
					PreparedNewsletter.Parts.split(once[1], key.texts()),
					PreparedNewsletter.Parts.split(once[0], key.texts()), Set.of(), Set.of());
			return proven(shape, email, key) ? shape : null;
		}
		catch (TemplateProblem problem) {
			// the full render shows it, mail by mail, as it always did
			return null;
		}
	}

	private boolean proven(PreparedNewsletter.Shape shape, Email email, Key key) {
		Map<String, String> tricky = new HashMap<>();
		Map<String, String> plain = new HashMap<>();
		for (int i = 0; i < key.texts().size(); i++) {
			tricky.put(key.texts().get(i), Newsletters.TRICKY + " " + i);
			plain.put(key.texts().get(i), Integer.toString(7 + i));
		}
		List<Recipient> samples = List.of(
				new Recipient(0, "zo\u00eb.sample+1@example.org", Newsletters.TRICKY, 0, tricky),
				new Recipient(0, "ann@example.org", "Ann", 0, plain));
		List<String> unsubscribeUrls = List.of("https://example.org/a?b=1&c=\u00e9/unsubscribe/1.x_-",
				"https://example.org/unsubscribe/7");
		for (int i = 0; i < samples.size(); i++) {
			Recipient sample = samples.get(i);
			String unsubscribeUrl = key.unsubscribe() ? unsubscribeUrls.get(i) : null;
			String[] full = render(email, key, sample, unsubscribeUrl);
			if (!shape.text().fill(sample, unsubscribeUrl, false).equals(full[0])
					|| !shape.html().fill(sample, unsubscribeUrl, true).equals(full[1])) {
				return false;
			}
		}
		return true;
	}

	/** Text and HTML of the mail's template with these texts in the model. */
	private String[] render(Email email, Key key, Recipient texts, String unsubscribeUrl) {
		Map<String, Object> model = commonModel.apply(unsubscribeUrl);
		model.putAll(email.model());
		for (String name : key.texts()) {
			model.put(name, texts.fields().get(name));
		}
		if (model.get(SUBSCRIBER) instanceof Map<?, ?> given) {
			Map<?, ?> readerKey = (Map<?, ?>) key.model().get(SUBSCRIBER);
			Map<String, Object> reader = new HashMap<>();
			given.forEach((name, value) -> reader.put(String.valueOf(name), value));
			if (TEXT.equals(readerKey.get("email"))) {
				reader.put("email", texts.email());
			}
			if (TEXT.equals(readerKey.get("firstName"))) {
				reader.put("firstName", texts.firstName());
			}
			model.put(SUBSCRIBER, reader);
		}
		FieldValues.wrapIn(model);
		return new String[] { templates.render(email.template() + ".ftl", model),
				templates.render(email.template() + ".ftlh", model) };
	}

}
