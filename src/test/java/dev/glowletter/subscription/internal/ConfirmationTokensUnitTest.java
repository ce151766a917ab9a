package dev.glowletter.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ConfirmationTokensUnitTest {

	@Test
	void tokenCarriesAtLeast128RandomBits() {
		byte[] raw = Base64.getUrlDecoder().decode(ConfirmationTokens.newToken());
		assertThat(raw.length * 8).isGreaterThanOrEqualTo(128);
	}

	@Test
	void tokensDoNotRepeat() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			assertThat(seen.add(ConfirmationTokens.newToken())).isTrue();
		}
	}

	@Test
	void tokenIsUrlSafe() {
		assertThat(ConfirmationTokens.newToken()).matches("[A-Za-z0-9_-]{43}");
	}

	@Test
	void hashIsSha256HexAndNotTheToken() {
		String token = ConfirmationTokens.newToken();
		assertThat(ConfirmationTokens.hash(token)).matches("[0-9a-f]{64}")
			.isEqualTo(ConfirmationTokens.hash(token))
			.isNotEqualTo(ConfirmationTokens.hash(ConfirmationTokens.newToken()));
	}

	@Test
	void newTokensAreRecognisedAsPlausible() {
		assertThat(ConfirmationTokens.plausible(ConfirmationTokens.newToken())).isTrue();
	}

	@Test
	void garbageIsNotPlausible() {
		assertThat(ConfirmationTokens.plausible(null)).isFalse();
		assertThat(ConfirmationTokens.plausible("short")).isFalse();
		assertThat(ConfirmationTokens.plausible("x".repeat(42) + "/")).isFalse();
		assertThat(ConfirmationTokens.plausible(ConfirmationTokens.newToken() + "A")).isFalse();
	}

}
