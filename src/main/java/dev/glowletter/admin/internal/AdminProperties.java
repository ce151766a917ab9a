package dev.glowletter.admin.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one admin account.
 *
 * @param password plain text (hashed with bcrypt at start-up) or a {@code {bcrypt}…}
 * hash; when unset, a random one is generated and printed once to the log
 * @param bcryptCost the work factor of the bcrypt hashes made from now on (each step
 * doubles the time a login takes to check, for the service and for a guesser alike);
 * hashes already kept are checked with their own
 */
@Validated
@ConfigurationProperties("glowletter.admin")
record AdminProperties(@NotBlank @DefaultValue("admin") String username, String password,
		@DefaultValue("10") @Min(value = 4, message = COST_RANGE) @Max(value = 31,
				message = COST_RANGE) int bcryptCost) {

	static final String COST_RANGE = "must be between 4 and 31; set GLOWLETTER_ADMIN_BCRYPT_COST";

}
