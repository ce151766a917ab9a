/**
 * Subscription: readers, their consent, double opt-in, one-click unsubscribe, and their
 * data (export and erase). Its API is this package:
 * {@link dev.glowletter.subscription.Subscriptions} (a reader to send to, erasing one; it
 * also carries the reader's own path, from sign-up to unsubscribe, for this module's
 * pages), {@link dev.glowletter.subscription.SubscriberDirectory} and
 * {@link dev.glowletter.subscription.SubscriberImport} for the admin pages, and the
 * records they take and give ({@link dev.glowletter.subscription.EmailAddress} among
 * them); everything else is in {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Subscription")
package dev.glowletter.subscription;
