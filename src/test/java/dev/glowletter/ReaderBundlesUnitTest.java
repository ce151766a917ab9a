package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each language has every key of the English bundle and no other: a key added in English
 * only fails here. And a message with values has no lone ' (MessageFormat would eat it).
 */
class ReaderBundlesUnitTest {

	private static final Pattern LONE_QUOTE = Pattern.compile("(?<!')'(?!')");

	@ParameterizedTest
	@ValueSource(strings = { "de", "fr", "es" })
	void everyLanguageHasExactlyTheEnglishKeys(String language) throws IOException {
		Properties english = load("messages/reader.properties");
		Properties translation = load("messages/reader_" + language + ".properties");
		assertThat(translation.stringPropertyNames())
			.containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
		for (String key : translation.stringPropertyNames()) {
			String message = translation.getProperty(key);
			assertThat(message).as(key).isNotBlank();
			if (message.contains("{0}")) {
				assertThat(LONE_QUOTE.matcher(message).find()).as(key + ": a lone ' in " + message).isFalse();
			}
		}
	}

	private static Properties load(String resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = ReaderBundlesUnitTest.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
