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

	@Test
	void linkNamesTheReaderAndTheSecret() {
		String secret = ConfirmationTokens.newToken();
		for (long id : new long[] { 1, 42, 1L << 40, Long.MAX_VALUE }) {
			String token = ConfirmationTokens.link(id, secret);
			assertThat(token).matches("[A-Za-z0-9_-]{54}").endsWith(secret);
			assertThat(ConfirmationTokens.parse(token)).contains(new ConfirmationTokens.Link(id, secret));
			// a link is no token of the older form, nor the other way round
			assertThat(ConfirmationTokens.plausible(token)).isFalse();
		}
		assertThat(ConfirmationTokens.parse(secret)).isEmpty();
	}

	@Test
	void garbageNamesNoReader() {
		String token = ConfirmationTokens.link(7, ConfirmationTokens.newToken());
		assertThat(ConfirmationTokens.parse(null)).isEmpty();
		assertThat(ConfirmationTokens.parse(token + "A")).isEmpty();
		assertThat(ConfirmationTokens.parse(token.substring(1))).isEmpty();
		assertThat(ConfirmationTokens.parse(token.substring(0, 53) + "/")).isEmpty();
		assertThat(ConfirmationTokens.parse(token.substring(0, 53) + "é")).isEmpty();
		assertThat(ConfirmationTokens.parse("=".repeat(54))).isEmpty();
		// the id's last character with the two bits it carries beyond the id set: the
		// same id spelt otherwise
		String secret = token.substring(11);
		assertThat(ConfirmationTokens.parse("AAAAAAAAAAc" + secret)).contains(new ConfirmationTokens.Link(7, secret));
		assertThat(ConfirmationTokens.parse("AAAAAAAAAAd" + secret)).isEmpty();
		assertThat(ConfirmationTokens.parse("AAAAAAAAAA_" + secret)).isEmpty();
	}

	@Test
	void secretMatchesOnlyItsOwnHash() {
		String secret = ConfirmationTokens.newToken();
		String hash = ConfirmationTokens.hash(secret);
		assertThat(ConfirmationTokens.matches(secret, hash)).isTrue();
		assertThat(ConfirmationTokens.matches(ConfirmationTokens.newToken(), hash)).isFalse();
		assertThat(ConfirmationTokens.matches(secret, null)).isFalse();
		assertThat(ConfirmationTokens.matches(secret, hash.substring(1))).isFalse();
	}

}
