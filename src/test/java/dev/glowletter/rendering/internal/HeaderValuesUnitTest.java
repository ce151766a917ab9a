package dev.glowletter.rendering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

class HeaderValuesUnitTest {

	@Test
	void lineBreaksBecomeSpaces() {
		assertThat(HeaderValues.clean("Ann\r\nBcc: x@evil.test")).isEqualTo("Ann  Bcc: x@evil.test");
	}

	@Test
	void everyControlAndLineSeparatorCharacterIsRemoved() {
		String cleaned = HeaderValues.clean("a\rb\nc\td\u0000e\u0085f\u2028g\u2029h\u007f");
		assertThat(cleaned.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'))
			.isTrue();
		assertThat(cleaned).isEqualTo("a b c d e f g h");
	}

	@Test
	void nonAsciiLettersAreKept() {
		assertThat(HeaderValues.clean(" Zo\u00eb ")).isEqualTo("Zo\u00eb");
	}

	@Test
	void textAClientWouldDecodeIsEncodedAndDecodesBackToItself() throws Exception {
		String typed = "=?UTF-8?B?PHNjcmlwdD4=?= and Zo\u00eb \ud83c\udf38 ".repeat(4);
		String encoded = HeaderValues.text(typed);
		assertThat(encoded.split(" ")).allSatisfy(
				word -> assertThat(word).matches("=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?=").hasSizeLessThanOrEqualTo(75));
		assertThat(MimeUtility.decodeText(encoded)).isEqualTo(typed);
		assertThat(HeaderValues.address("ann@example.org", typed).getPersonal()).isEqualTo(typed.strip());
	}

	@Test
	void plainValuesAreWrittenAsBefore() {
		assertThat(HeaderValues.text("Welcome to the list")).isEqualTo("Welcome to the list");
		assertThat(HeaderValues.address("ann@example.org", "Ann").toString()).isEqualTo("Ann <ann@example.org>");
		assertThat(HeaderValues.address("ann@example.org", " ").toString()).isEqualTo("ann@example.org");
		assertThat(HeaderValues.phrase("Beauty \"news\"")).isEqualTo("\"Beauty 'news'\"");
	}

	@Test
	void nullStaysNull() {
		assertThat(HeaderValues.clean(null)).isNull();
	}

}
