package dev.glowletter.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.internal.EmailTemplates;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.web.servlet.view.freemarker.FreeMarkerConfigurer;

/**
 * The busy page the shedding filter answers before Spring MVC (so without its request
 * context) still speaks the list's language.
 */
class BusyPageLanguagesUnitTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "en|Please wait a little|Many people are signing up right now.",
					"de|Bitte warten Sie einen Moment|Gerade melden sich sehr viele Menschen an.",
					"fr|Merci de patienter un peu|Beaucoup de personnes s’inscrivent en ce moment.",
					"es|Espera un momento|Ahora mismo se está suscribiendo muchísima gente." })
	void theBusyPageSpeaksTheListsLanguage(String language, String title, String message) throws Exception {
		FreeMarkerConfigurer freemarker = new FreeMarkerConfigurer();
		freemarker.setTemplateLoaderPath("classpath:/templates/");
		freemarker.setDefaultEncoding("UTF-8");
		Properties settings = new Properties();
		// as the application's: .ftlh is HTML, its values escaped
		settings.setProperty("recognize_standard_file_extensions", "true");
		settings.setProperty("incompatible_improvements", "2.3.34");
		freemarker.setFreemarkerSettings(settings);
		freemarker.afterPropertiesSet();
		GlowletterProperties properties = new GlowletterProperties("https://news.example",
				new GlowletterProperties.MailingList("Glowlist", null, null, Locale.forLanguageTag(language)), null);
		SignupShedding shedding = new SignupShedding(null, freemarker, properties, EmailTemplates.bundledMessages());
		try {
			String page = new String(shedding.page(), StandardCharsets.UTF_8);

			assertThat(page).contains("<html lang=\"" + language + "\">")
				.contains("<title>" + title + "</title>")
				.contains(message);
		}
		finally {
			shedding.destroy();
		}
	}

}
