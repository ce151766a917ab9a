/**
 * Subscription: readers, their consent, double opt-in, one-click unsubscribe, and their data
 * (export and erase). {@link dev.glowletter.subscription.Subscriptions} is the module's facade.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Subscription")
package dev.glowletter.subscription;
