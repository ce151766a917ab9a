/**
 * Subscription's internals, hidden from other modules: the subscriber, consent and event
 * entities and their stores, suppressions, confirmation tokens, the reader's e-mails, the
 * CSV reader, the sign-up limits, and the reader pages and REST controllers.
 */
package dev.glowletter.subscription.internal;
