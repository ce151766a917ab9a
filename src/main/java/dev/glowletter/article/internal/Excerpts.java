package dev.glowletter.article.internal;

import java.text.BreakIterator;
import java.util.Locale;

import org.jsoup.Jsoup;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Derives an article's excerpt from its HTML body: tags, scripts and styles dropped
 * (jsoup), entities decoded, whitespace normalised, then cut near the configured length
 * at a sentence end if one is close, else at a word boundary, with an ellipsis. The cut
 * never falls inside a word, an entity (the text is decoded before it is cut) or a
 * surrogate pair.
 */
@Component
public class Excerpts {

	static final String ELLIPSIS = "\u2026";

	private final int length;

	@Autowired
	Excerpts(ArticleProperties properties) {
		this(properties.excerptLength());
	}

	Excerpts(int length) {
		this.length = length;
	}

	/** The excerpt of an HTML body; empty for an empty body. */
	public String derive(String html) {
		return cut(text(html));
	}

	/** The visible text of an HTML fragment, on one line. */
	static String text(String html) {
		if (html == null || html.isBlank()) {
			return "";
		}
		return normalise(Jsoup.parseBodyFragment(html).body().text());
	}

	/**
	 * Every run of whitespace (also no-break and zero-width spaces) made one space,
	 * trimmed.
	 */
	static String normalise(String text) {
		return text.replaceAll("[\\s\\u00A0\\u2007\\u202F\\u200B\\uFEFF]+", " ").strip();
	}

	/**
	 * The text itself when short enough, else its start cut at a sentence or word
	 * boundary.
	 */
	String cut(String text) {
		if (text.length() <= length) {
			return text;
		}
		int sentence = sentenceEnd(text);
		if (sentence > 0) {
			return text.substring(0, sentence) + " " + ELLIPSIS;
		}
		int word = wordEnd(text);
		if (word > 0) {
			return stripTrailingPunctuation(text.substring(0, word)) + ELLIPSIS;
		}
		// one word longer than the whole excerpt: cut it, but between two characters as
		// readers see them
		return text.substring(0, characterBoundaryAtOrBefore(text, length)) + ELLIPSIS;
	}

	/** The end of the last sentence that ends in the last half of the excerpt, or -1. */
	private int sentenceEnd(String text) {
		for (int i = length - 1; i >= length / 2; i--) {
			char c = text.charAt(i);
			if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(text.charAt(i + 1))) {
				return i + 1;
			}
		}
		return -1;
	}

	/**
	 * The end of the last whole word that fits, or -1 when not even the first one does.
	 */
	private int wordEnd(String text) {
		if (Character.isWhitespace(text.charAt(length))) {
			return length;
		}
		for (int i = length - 1; i > 0; i--) {
			if (Character.isWhitespace(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	private static String stripTrailingPunctuation(String text) {
		int end = text.length();
		while (end > 0 && ",;:-\u2013\u2014([{".indexOf(text.charAt(end - 1)) >= 0) {
			end--;
		}
		return text.substring(0, end).stripTrailing();
	}

	private static int characterBoundaryAtOrBefore(String text, int index) {
		BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
		characters.setText(text);
		int boundary = characters.isBoundary(index) ? index : characters.preceding(index);
		if (boundary <= 0) {
			boundary = Character.isHighSurrogate(text.charAt(index - 1)) ? index - 1 : index;
		}
		return boundary;
	}

}
