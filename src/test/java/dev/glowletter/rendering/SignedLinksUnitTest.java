package dev.glowletter.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.internal.LinkKey;
import dev.glowletter.rendering.internal.RenderingProperties;
import org.junit.jupiter.api.Test;

class SignedLinksUnitTest {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	static final GlowletterProperties PROPERTIES = new GlowletterProperties("https://news.example.org/",
			new GlowletterProperties.MailingList("Beauty resources, tips, and news", "Skin care", null),
			new GlowletterProperties.Sender("news@glowletter.example", "Glowletter", "1 Example Street"));

	private static SignedLinks links(String key) {
		return new SignedLinks(
				new LinkKey(new RenderingProperties("email-templates", Duration.ofSeconds(2), key, null, "email", null),
						null, null),
				PROPERTIES);
	}

	private final SignedLinks links = links("a-test-key-that-is-long-enough-for-hmac-0123456789");

	@Test
	void signedTokenNamesItsIdAndVersion() {
		assertThat(links.verify("unsubscribe", links.token("unsubscribe", 4711, 3)))
			.contains(new SignedLinks.Signed(4711, 3));
	}

	@Test
	void tokenWithAnyCharacterChangedIsRejected() {
		String token = links.token("unsubscribe", 42, 1);
		for (int i = 0; i < token.length(); i++) {
			for (char c : ALPHABET.toCharArray()) {
				if (c != token.charAt(i)) {
					String changed = token.substring(0, i) + c + token.substring(i + 1);
					assertThat(links.verify("unsubscribe", changed)).as("token changed at %d to %s", i, c).isEmpty();
				}
			}
		}
	}

	@Test
	void tokenWithAnyByteChangedIsRejected() {
		byte[] raw = Base64.getUrlDecoder().decode(links.token("unsubscribe", 42, 1));
		for (int i = 0; i < raw.length; i++) {
			for (int bit = 0; bit < 8; bit++) {
				byte[] changed = raw.clone();
				changed[i] ^= (byte) (1 << bit);
				String token = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
				assertThat(links.verify("unsubscribe", token)).as("byte %d bit %d", i, bit).isEmpty();
			}
		}
	}

	@Test
	void tokenForAnotherPurposeIsRejected() {
		assertThat(links.verify("export", links.token("unsubscribe", 42, 1))).isEmpty();
	}

	@Test
	void tokenSignedWithAnotherKeyIsRejected() {
		String foreign = links("another-key-that-is-long-enough-for-hmac-9876543210").token("unsubscribe", 42, 1);
		assertThat(links.verify("unsubscribe", foreign)).isEmpty();
	}

	@Test
	void truncatedLengthenedOrGarbageTokensAreRejected() {
		String token = links.token("unsubscribe", 42, 1);
		assertThat(links.verify("unsubscribe", token.substring(1))).isEmpty();
		assertThat(links.verify("unsubscribe", token + "A")).isEmpty();
		assertThat(links.verify("unsubscribe", "!".repeat(38))).isEmpty();
		assertThat(links.verify("unsubscribe", null)).isEmpty();
	}

	@Test
	void unsubscribeUrlIsOnTheBaseUrlAndCarriesOnlyTheToken() {
		String url = links.unsubscribeUrl(42, 1);
		assertThat(url).matches("https://news\\.example\\.org/unsubscribe/[A-Za-z0-9_-]{38}");
		assertThat(links.verify("unsubscribe", url.substring(url.lastIndexOf('/') + 1)))
			.contains(new SignedLinks.Signed(42, 1));
	}

}
