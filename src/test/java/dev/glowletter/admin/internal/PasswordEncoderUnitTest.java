package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The admin passwords' encoder: bcrypt at the configured cost for new hashes; hashes of
 * another cost, or of another kind Spring Security knows, still checked.
 */
class PasswordEncoderUnitTest {

	private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	private static PasswordEncoder encoder(int cost) {
		return new SecurityConfiguration().passwordEncoder(new AdminProperties("admin", null, cost));
	}

	private static AdminProperties bound(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("glowletter.admin",
				AdminProperties.class);
	}

	@Test
	void theCostIsTenUnlessConfigured() {
		assertThat(bound(Map.of()).bcryptCost()).isEqualTo(10);
		assertThat(bound(Map.of("glowletter.admin.bcrypt-cost", "12")).bcryptCost()).isEqualTo(12);
	}

	@Test
	void newHashesAreBcryptAtTheConfiguredCost() {
		String hash = encoder(5).encode("a long enough password");

		assertThat(hash).startsWith("{bcrypt}$2a$05$");
		assertThat(encoder(5).matches("a long enough password", hash)).isTrue();
		assertThat(encoder(5).matches("another password", hash)).isFalse();
	}

	@Test
	void hashesKeptAtAnotherCostOrOfAnotherKindStillMatch() {
		String costFour = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("kept before");
		String pbkdf2 = "{pbkdf2@SpringSecurity_v5_8}"
				+ Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("configured so");

		assertThat(encoder(6).matches("kept before", costFour)).isTrue();
		assertThat(encoder(6).matches("kept after", costFour)).isFalse();
		assertThat(encoder(6).matches("configured so", pbkdf2)).isTrue();
		assertThat(encoder(6).matches("configured otherwise", pbkdf2)).isFalse();
	}

	@Test
	void aCostBcryptDoesNotTakeNamesItsVariable() {
		assertThat(VALIDATOR.validate(new AdminProperties("admin", null, 3))).singleElement()
			.satisfies(violation -> assertThat(violation.getMessage()).contains("GLOWLETTER_ADMIN_BCRYPT_COST"));
		assertThat(VALIDATOR.validate(new AdminProperties("admin", null, 32))).singleElement()
			.satisfies(violation -> assertThat(violation.getMessage()).contains("GLOWLETTER_ADMIN_BCRYPT_COST"));
		assertThat(VALIDATOR.validate(new AdminProperties("admin", null, 10))).isEmpty();
	}

}
