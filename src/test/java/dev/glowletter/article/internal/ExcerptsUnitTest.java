package dev.glowletter.article.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ExcerptsUnitTest {

	private final Excerpts excerpts = new Excerpts(60);

	@Test
	void shortBodyIsItsTextWithoutTagsAndWithWhitespaceNormalised() {
		assertThat(excerpts.derive("<h1>Hello</h1>\n\n<p>  dear   <b>reader</b>,\tthanks.</p>"))
			.isEqualTo("Hello dear reader, thanks.");
	}

	@Test
	void scriptsStylesAndCommentsNeverReachTheExcerpt() {
		String excerpt = excerpts
			.derive("<style>p{color:red}</style><script>alert('x')</script><!-- note --><p>Visible</p>");
		assertThat(excerpt).isEqualTo("Visible");
	}

	@Test
	void entitiesAreDecodedAndNeverCutInHalf() {
		String body = "<p>" + "word ".repeat(5) + "Tom &amp; Jerry &lt;3 caf&eacute; &#x1F600; more words here</p>";
		String excerpt = excerpts.derive(body);
		assertThat(excerpt).doesNotContain("&amp").doesNotContain("&#").doesNotContain("&lt");
		assertThat(excerpt).startsWith("word word").contains("Tom & Jerry").endsWith(Excerpts.ELLIPSIS);
	}

	@Test
	void longTextIsCutAtAWordBoundaryWithAnEllipsisNeverMidWord() {
		String text = "Microneedling makes tiny controlled wounds that wake up miniaturised hair follicles over months";
		String excerpt = excerpts.cut(text);
		assertThat(excerpt).isEqualTo("Microneedling makes tiny controlled wounds that wake up" + Excerpts.ELLIPSIS);
		String withoutEllipsis = excerpt.substring(0, excerpt.length() - 1);
		assertThat(text).startsWith(withoutEllipsis + " ");
	}

	@Test
	void aSentenceEndNearTheLengthIsPreferredToAWordBoundary() {
		String text = "Microneedling is promising and cheap. It is not a cure for hair loss, and results take months.";
		assertThat(excerpts.cut(text)).isEqualTo("Microneedling is promising and cheap. " + Excerpts.ELLIPSIS);
	}

	@Test
	void trailingCommaIsDroppedBeforeTheEllipsis() {
		String text = "x".repeat(50) + " word, next words here";
		assertThat(excerpts.cut(text)).isEqualTo("x".repeat(50) + " word" + Excerpts.ELLIPSIS);
	}

	@Test
	void emojiAreNeverSplitIntoHalfASurrogatePair() {
		// each emoji is two chars; the cut must land between them, never inside one
		String text = "\uD83D\uDC86".repeat(100);
		String excerpt = excerpts.cut(text);
		String kept = excerpt.substring(0, excerpt.length() - 1);
		assertThat(kept.length() % 2).isZero();
		assertThat(kept.codePoints().allMatch(cp -> cp == 0x1F486)).isTrue();
		assertThat(kept.length()).isLessThanOrEqualTo(60);
	}

	@Test
	void emojiBetweenWordsSurviveAWordCut() {
		String text = "Glow \uD83D\uDC86\u200D\u2640\uFE0F ".repeat(20);
		String excerpt = excerpts.cut(text.strip());
		String kept = excerpt.substring(0, excerpt.length() - 1);
		assertThat(text).startsWith(kept + " ");
		assertThat(Character.isSurrogate(kept.charAt(kept.length() - 1))
				&& !Character.isLowSurrogate(kept.charAt(kept.length() - 1)))
			.isFalse();
	}

	@Test
	void aSingleWordLongerThanTheExcerptIsCutWithAnEllipsis() {
		String word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
		String excerpt = excerpts.cut(word);
		assertThat(excerpt).hasSize(61).endsWith(Excerpts.ELLIPSIS);
		assertThat(word).startsWith(excerpt.substring(0, 60));
	}

	@Test
	void anEmptyBodyGivesAnEmptyExcerpt() {
		assertThat(excerpts.derive(null)).isEmpty();
		assertThat(excerpts.derive("<p> &nbsp; </p>")).isEmpty();
	}

	@Test
	void aGivenExcerptIsKeptAsWritten() {
		String given = "My own words, <b>not</b> shortened even though this excerpt is clearly longer than sixty "
				+ "characters.";
		ArticleContent content = new ArticleDraft("Title", "https://blog.example/a", null, null, null, null, null, null,
				"<p>Body text</p>", given)
			.check(excerpts, 10_000, Instant.parse("2025-01-01T00:00:00Z"));
		assertThat(content.excerpt()).isEqualTo(given);
		assertThat(content.excerptGiven()).isTrue();
	}

	@Test
	void slugIsDerivedFromTheTitleWithoutAccents() {
		assertThat(ArticleDraft.slug("Crème & Sérum: what's true?")).isEqualTo("creme-serum-what-s-true");
	}

}
