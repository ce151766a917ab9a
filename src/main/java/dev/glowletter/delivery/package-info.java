/**
 * Delivery: the outbox that transactional mail is written to in the caller's transaction, and
 * the background sender that takes it to the SMTP server, with retries.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Delivery")
package dev.glowletter.delivery;
