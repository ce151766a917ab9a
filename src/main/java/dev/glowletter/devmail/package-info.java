/**
 * Dev mail: when no SMTP relay is configured, an embedded capture server takes every e-mail and
 * the dev inbox page shows them. Never on when {@code spring.mail.host} is set.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Dev mail")
package dev.glowletter.devmail;
