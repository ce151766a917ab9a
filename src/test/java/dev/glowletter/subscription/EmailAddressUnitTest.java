package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressUnitTest {

	@Test
	void addressIsTrimmedAndItsDomainLowerCased() {
		assertThat(EmailAddress.parse("  Ann.Lee@EXAMPLE.Org \t").value()).isEqualTo("Ann.Lee@example.org");
	}

	@Test
	void localPartKeepsItsCase() {
		assertThat(EmailAddress.parse("Ann@example.org")).isNotEqualTo(EmailAddress.parse("ann@example.org"));
	}

	@Test
	void sameAddressWithDifferentDomainCaseIsEqual() {
		assertThat(EmailAddress.parse("ann@Example.ORG")).isEqualTo(EmailAddress.parse(" ann@example.org"));
	}

	@Test
	void internationalisedDomainIsStoredInItsAsciiForm() {
		EmailAddress address = EmailAddress.parse("leser@B\u00fccher.example");
		assertThat(address.value()).isEqualTo("leser@xn--bcher-kva.example");
		assertThat(address.toUnicode()).isEqualTo("leser@b\u00fccher.example");
	}

	@Test
	void plusAndDotsInTheLocalPartAreFine() {
		assertThat(EmailAddress.parse("ann.lee+news@mail.example.co.uk").value())
			.isEqualTo("ann.lee+news@mail.example.co.uk");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "ann", "ann@", "@example.org", "ann@example", "ann@@example.org",
			"a@b@example.org", "\"Bob\" <bob@example.org>", "Bob <bob@example.org>", "<bob@example.org>",
			"bob@example.org\r\nBcc: x@evil.test", "bob\n@example.org", "bob@exa\rmple.org", "ann lee@example.org",
			".ann@example.org", "ann.@example.org", "ann..lee@example.org", "ann@-example.org", "ann@example-.org",
			"ann@example..org", "ann@example.123", "ann(comment)@example.org", "\"ann\"@example.org" })
	void invalidAddressesAreRefusedWithAReason(String raw) {
		assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOf(EmailAddress.Invalid.class)
			.hasMessageContaining(" ");
	}

	@Test
	void nullIsRefused() {
		assertThatThrownBy(() -> EmailAddress.parse(null)).isInstanceOf(EmailAddress.Invalid.class);
	}

	@Test
	void addressOf254CharactersIsAcceptedAnd255Refused() {
		String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".org";
		String ok = "a".repeat(254 - 1 - domain.length()) + "@" + domain;
		assertThat(ok).hasSize(254);
		assertThat(EmailAddress.parse(ok).value()).isEqualTo(ok);
		assertThatThrownBy(() -> EmailAddress.parse("a" + ok)).isInstanceOf(EmailAddress.Invalid.class)
			.hasMessageContaining("254");
	}

	@Test
	void localPartOver64CharactersIsRefused() {
		assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@example.org"))
			.isInstanceOf(EmailAddress.Invalid.class);
	}

	@Test
	void hashIsTheSameWhateverTheCase() {
		assertThat(EmailAddress.parse("Ann@Example.org").hash()).isEqualTo(EmailAddress.parse("ann@example.org").hash())
			.hasSize(64)
			.doesNotContain("example");
	}

}
