package dev.glowletter.admin.internal;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one admin account.
 *
 * @param password plain text (hashed with bcrypt at start-up) or a {@code {bcrypt}…}
 * hash; when unset, a random one is generated and printed once to the log
 */
@Validated
@ConfigurationProperties("glowletter.admin")
record AdminProperties(@NotBlank @DefaultValue("admin") String username, String password) {
}
