/**
 * Messages: the transactional API, {@code POST /api/messages}, one e-mail to one address
 * from a template of the folder {@code transactional/} of the e-mail templates, with a
 * JSON model, through the outbox; an {@code Idempotency-Key} is honoured for 24 hours. It
 * has no API: nothing depends on it, and all of it is in {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Messages")
package dev.glowletter.message;
