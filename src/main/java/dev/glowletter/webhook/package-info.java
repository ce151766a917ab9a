/**
 * Webhooks: outbound calls to endpoints the admin registers, when a reader or a campaign
 * changes (Standard Webhooks: signed, retried for a day, written to a durable outbox in
 * the transaction of the change). Its API is {@link dev.glowletter.webhook.Webhooks}, the
 * facade the admin pages and the REST API use, with its records; the listener, the
 * outbox's ledger and the sender are in {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Webhooks")
package dev.glowletter.webhook;
