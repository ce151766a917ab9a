package dev.glowletter.feedback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class VerpUnitTest {

	private final Verp verp = new Verp("Bounces@News.Example.org", hmac("a key of the test, long enough"));

	@Test
	void aCampaignCopysAddressNamesItsCampaignAndReader() {
		String address = verp.campaignCopy(12, 345);

		assertThat(address).matches("bounces\\+c12-345-[a-z2-7]{13}@news\\.example\\.org");
		assertThat(verp.decode(address)).hasValueSatisfying(copy -> {
			assertThat(copy.campaignId()).isEqualTo(12L);
			assertThat(copy.subscriberId()).isEqualTo(345L);
			assertThat(copy.sendKey()).isEqualTo("c12");
		});
	}

	@Test
	void aTransactionalMailsAddressNamesTheMailAndItsReaderButNoCampaign() {
		assertThat(verp.decode(verp.transactional(678, 345))).hasValueSatisfying(copy -> {
			assertThat(copy.campaignId()).isNull();
			assertThat(copy.subscriberId()).isEqualTo(345L);
			assertThat(copy.sendKey()).isEqualTo("t678");
		});
	}

	@Test
	void anAddressFoldedToUpperCaseByAServerStillDecodes() {
		assertThat(verp.decode(verp.campaignCopy(1, 2).toUpperCase(Locale.ROOT))).isPresent();
	}

	@Test
	void aChangedNumberOrSignatureOrAnotherKeyNamesNobody() {
		String address = verp.campaignCopy(12, 345);
		assertThat(verp.decode(address.replace("-345-", "-346-"))).isEmpty();
		assertThat(verp.decode(address.replace("+c12-", "+t12-"))).isEmpty();
		assertThat(verp.decode(address.replaceFirst("-[a-z2-7]{13}@", "-aaaaaaaaaaaaa@"))).isEmpty();
		assertThat(new Verp("bounces@news.example.org", hmac("another key, just as long")).decode(address)).isEmpty();
	}

	@Test
	void addressesOfOtherFormsAreNotOursAndDecodeToNothing() {
		for (String other : new String[] { "bounces@news.example.org", "reader+tag@news.example.org",
				"bounces+c12-345-abcdefghijklm@other.example.org", "bounces+c12-345@news.example.org",
				"bounces+c99999999999999999999-1-abcdefghijklm@news.example.org", "", "@" }) {
			assertThat(verp.decode(other)).as(other).isEmpty();
		}
		assertThat(verp.looksLikeOurs("bounces+anything@news.example.org")).isTrue();
		assertThat(verp.looksLikeOurs("reader+tag@news.example.org")).isFalse();
	}

	private static UnaryOperator<byte[]> hmac(String key) {
		return payload -> {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
				return mac.doFinal(payload);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

}
