package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoginThrottleSettingsUnitTest {

	private static LoginThrottle.Settings settings(Duration window, Duration first, Duration max) {
		return new LoginThrottle.Settings(5, window, 10, first, max, Duration.ofMinutes(5));
	}

	@Test
	void theSpacingDoublesFromTheFirstWaitUpToTheLongest() {
		LoginThrottle.Settings settings = settings(Duration.ofMinutes(15), Duration.ofSeconds(1),
				Duration.ofMinutes(1));

		assertThat(settings.spacing(1)).hasSeconds(1);
		assertThat(settings.spacing(2)).hasSeconds(2);
		assertThat(settings.spacing(6)).hasSeconds(32);
		assertThat(settings.spacing(7)).hasSeconds(60);
		assertThat(settings.spacing(1_000)).hasSeconds(60);
	}

	@Test
	void aWindowThatIsNotPositiveNamesItsVariable() {
		assertThatThrownBy(() -> settings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(1)))
			.hasMessageContaining("GLOWLETTER_ADMIN_LOGIN_THROTTLE_WINDOW");
	}

	@Test
	void aLongestWaitShorterThanTheFirstNamesItsVariable() {
		assertThatThrownBy(() -> settings(Duration.ofMinutes(15), Duration.ofMinutes(2), Duration.ofMinutes(1)))
			.hasMessageContaining("GLOWLETTER_ADMIN_LOGIN_THROTTLE_ACCOUNT_BACKOFF_MAX");
	}

}
