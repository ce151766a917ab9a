package dev.glowletter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.glowletter.webhook.internal.WebhookProperties;
import org.junit.jupiter.api.Test;

/**
 * The guard against server-side request forgery, on as it is by default: no endpoint on
 * the service's own machine or a private network, by literal address or by a name that
 * resolves there. (Refused before anything is stored, so no database is needed.)
 */
class WebhookUrlsUnitTest {

	private final Webhooks webhooks = new Webhooks(null, null, new WebhookProperties(Duration.ofSeconds(1),
			Duration.ofSeconds(10), 8, 2, Duration.ofHours(24), Duration.ofDays(30), false), Clock.systemUTC());

	@Test
	void privateAndLocalAddressesAreRefused() {
		for (String url : List.of("http://10.0.0.5/hook", "http://127.0.0.1:8080/hook", "http://169.254.169.254/latest",
				"http://[::1]/hook", "http://192.168.1.1/", "http://100.64.0.1/", "http://[fd00::1]/",
				"http://0.0.0.0/", "http://localhost:8080/hook")) {
			assertThatThrownBy(() -> webhooks.create(new Webhooks.Input(url, null, List.of("campaign.started"))))
				.as(url)
				.isInstanceOfSatisfying(Webhooks.Invalid.class,
						ex -> assertThat(ex.errors().get("url")).contains("private network"));
		}
	}

	@Test
	void aUrlLongerThan2000CharactersIsRefused() {
		String url = "https://example.org/" + "a".repeat(Webhooks.MAX_URL);
		assertThatThrownBy(() -> webhooks.create(new Webhooks.Input(url, null, List.of("campaign.started"))))
			.isInstanceOfSatisfying(Webhooks.Invalid.class,
					ex -> assertThat(ex.errors().get("url")).contains("longer than 2000"));
	}

}
