package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DeliveryPropertiesUnitTest {

	private final DeliveryProperties properties = new DeliveryProperties(Duration.ofSeconds(1), 50, 2,
			Duration.ofMinutes(2), 12, Duration.ofSeconds(30), Duration.ofHours(1), 4, 100, 0, Map.of(), 5000, true, 5,
			Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofDays(30), true, false);

	@Test
	void backoffStartsAtTheFirstRetryAndDoubles() {
		assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.backoff(2)).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.backoff(3)).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void backoffIsCappedAtTheLongestRetry() {
		assertThat(properties.backoff(8)).isEqualTo(Duration.ofHours(1));
		assertThat(properties.backoff(1000)).isEqualTo(Duration.ofHours(1));
	}

}
