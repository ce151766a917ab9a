package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glowletter.GlowletterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * {@code glowletter.trusted-proxies}: addresses and ranges, or start-up stops naming the
 * variable to fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProxySettingsIntegrationTest {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ProxySettings.class)
	static class Settings {

	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void noTrustedProxyByDefault() {
		runner.run(context -> assertThat(context.getBean(ProxySettings.class).ranges()).isEmpty());
	}

	@Test
	void addressesAndRangesOfBothFamiliesAreRead() {
		runner.withPropertyValues("glowletter.trusted-proxies=10.0.0.0/24, 192.0.2.7,2001:db8::/32 ,::1")
			.run(context -> assertThat(context.getBean(ProxySettings.class).ranges()).extracting(AddressRange::toString)
				.containsExactly("10.0.0.0/24", "192.0.2.7/32", "2001:db8:0:0:0:0:0:0/32", "0:0:0:0:0:0:0:1/128"));
	}

	@Test
	void aHostNameStopsStartUpNamingTheVariable() {
		runner.withPropertyValues("glowletter.trusted-proxies=10.0.0.0/24,lb.internal").run(context -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure()))
				.contains("'lb.internal' is not an IP address or a CIDR range")
				.contains("GLOWLETTER_TRUSTED_PROXIES");
		});
	}

	@Test
	void aRangeTooWideForItsFamilyStopsTheRealStartUp(CapturedOutput output) {
		assertThatThrownBy(() -> SpringApplication.run(GlowletterApplication.class, "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:trusted-proxies;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
				"--glowletter.trusted-proxies=10.0.0.0/33"))
			.isInstanceOf(Exception.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("10.0.0.0/33")
			.contains("GLOWLETTER_TRUSTED_PROXIES");
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

}
