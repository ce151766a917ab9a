/**
 * Delivery: mail on its way to the SMTP relay, on three floors. Its API is this package:
 * {@link dev.glowletter.delivery.Outbox} and
 * {@link dev.glowletter.delivery.CampaignDeliveries}, the records they give, the events
 * it publishes ({@link dev.glowletter.delivery.DeliveryPaused},
 * {@link dev.glowletter.delivery.DeliveryResumed},
 * {@link dev.glowletter.delivery.RecipientBounced}) and
 * {@link dev.glowletter.delivery.CampaignContents}, the port the campaigns module
 * implements.
 * <ul>
 * <li>The outbox: transactional mail stored in the caller's transaction
 * ({@link dev.glowletter.delivery.Outbox}), claimed and recorded in its ledger
 * ({@code internal.OutboxLedger}) and sent, with retries, by
 * {@code internal.OutboxSender}.
 * <li>The campaign engine: {@link dev.glowletter.delivery.CampaignDeliveries} queues one
 * copy per confirmed reader in the ledger ({@code internal.CampaignLedger}: claims with
 * leases, outcomes recorded durably); the workers ({@code internal.DeliveryWorkers})
 * render and send them at the configured rates; the relay watch
 * ({@code internal.RelayWatch}) pauses campaigns while the relay is unreachable and
 * resumes them once it answers.
 * <li>The SMTP client ({@code delivery.smtp}, internal to this module):
 * {@code SmtpConnection}, a sender's connection to the relay, pipelined when the relay
 * offers it, is its entry point.
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Delivery")
package dev.glowletter.delivery;
