package dev.glowletter.admin.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How scripts log in to the admin API.
 *
 * @param basicAuth whether {@code /api/**} takes an account's name and password by HTTP
 * Basic beside API tokens: off unless a script needs it, so a password is not sent with
 * every call (and is not tried there by guessers)
 */
@ConfigurationProperties("glowletter.api")
record ApiProperties(@DefaultValue("false") boolean basicAuth) {
}
