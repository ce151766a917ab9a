package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * A delivery setting out of its range stops start-up with a message that names it and
 * says how to set it.
 */
class DeliverySettingsIntegrationTest {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DeliveryProperties.class)
	static class Settings {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Test
	void outboxRecordsAreKeptThirtyDaysByDefault() {
		runner.run(context -> assertThat(context.getBean(DeliveryProperties.class).outboxRetention())
			.isEqualTo(Duration.ofDays(30)));
	}

	@Test
	void anOutboxRetentionShorterThanTheHourTheMailLimitsLookBackIsRefusedNamingTheVariable() {
		runner.withPropertyValues("glowletter.delivery.outbox-retention=59m").run(context -> {
			assertThat(context).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
				messages.append(t.getMessage()).append('\n');
			}
			assertThat(messages).contains("outboxRetention").contains("GLOWLETTER_DELIVERY_OUTBOX_RETENTION");
		});
		runner.withPropertyValues("glowletter.delivery.outbox-retention=1h")
			.run(context -> assertThat(context).hasNotFailed());
	}

}
