package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * A missing or wrong setting stops start-up with a message that names it and says how to
 * set it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SettingsIntegrationTest {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GlowletterProperties.class)
	static class Settings {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class)
		.withPropertyValues("glowletter.base-url=https://news.example.org", "glowletter.list.name=Beauty",
				"glowletter.sender.from=news@example.org", "glowletter.sender.postal-address=1 Street");

	@Test
	void completeSettingsStart() {
		runner.run(context -> assertThat(context).hasNotFailed()
			.getBean(GlowletterProperties.class)
			.extracting(p -> p.sender().domain())
			.isEqualTo("example.org"));
	}

	@Test
	void missingPostalAddressStopsTheRealStartUpNamingTheProperty(CapturedOutput output) {
		assertThatThrownBy(() -> SpringApplication.run(GlowletterApplication.class, "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:settings-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
				"--glowletter.sender.postal-address="))
			.isInstanceOf(Exception.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.containsPattern("Property: glowletter\\.sender\\.postal(-a|A)ddress")
			.contains("GLOWLETTER_SENDER_POSTAL_ADDRESS");
	}

	@Test
	void withoutACaptureServerAnSmtpRelayMustBeNamed() {
		assertThatThrownBy(() -> SpringApplication.run(GlowletterApplication.class, "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:settings-relay;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
				"--glowletter.devmail.enabled=false"))
			.hasMessageContaining("set spring.mail.host (SPRING_MAIL_HOST)");
	}

	@Test
	void invalidFromAddressStopsStartUpNamingTheProperty() {
		runner.withPropertyValues("glowletter.sender.from=not an address").run(context -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("sender.from")
				.contains("GLOWLETTER_SENDER_FROM");
		});
	}

	@Test
	void baseUrlMustBeHttp() {
		runner.withPropertyValues("glowletter.base-url=ftp://example.org").run(context -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("baseUrl").contains("GLOWLETTER_BASE_URL");
		});
	}

	@Test
	void theListsTimeZoneIsUtcUnlessSetAndMustBeAZoneOfTheTzDatabase() {
		runner
			.run(context -> assertThat(context.getBean(GlowletterProperties.class).list().timeZone()).isEqualTo("UTC"));
		runner.withPropertyValues("glowletter.list.time-zone=Europe/Paris")
			.run(context -> assertThat(context.getBean(GlowletterProperties.class).list().timeZone())
				.isEqualTo("Europe/Paris"));
		runner.withPropertyValues("glowletter.list.time-zone=Mars/Olympus_Mons").run(context -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("glowletter.list.time-zone")
				.contains("Mars/Olympus_Mons")
				.contains("GLOWLETTER_LIST_TIME_ZONE");
		});
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

}
