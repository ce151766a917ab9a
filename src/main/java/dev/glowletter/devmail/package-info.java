/**
 * Dev mail: when no SMTP relay is configured, an embedded capture server takes every
 * e-mail and the dev inbox page shows them. Never on when {@code spring.mail.host} is
 * set. It has no API: nothing depends on it, and all of it is in {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Dev mail")
package dev.glowletter.devmail;
