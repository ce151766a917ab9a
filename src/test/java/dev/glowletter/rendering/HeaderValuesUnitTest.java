package dev.glowletter.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderValuesUnitTest {

	@Test
	void lineBreaksBecomeSpaces() {
		assertThat(HeaderValues.clean("Ann\r\nBcc: x@evil.test")).isEqualTo("Ann  Bcc: x@evil.test");
	}

	@Test
	void everyControlAndLineSeparatorCharacterIsRemoved() {
		String cleaned = HeaderValues.clean("a\rb\nc\td\u0000e\u0085f\u2028g\u2029h\u007f");
		assertThat(cleaned.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')).isTrue();
		assertThat(cleaned).isEqualTo("a b c d e f g h");
	}

	@Test
	void nonAsciiLettersAreKept() {
		assertThat(HeaderValues.clean(" Zo\u00eb ")).isEqualTo("Zo\u00eb");
	}

	@Test
	void nullStaysNull() {
		assertThat(HeaderValues.clean(null)).isNull();
	}
}
