/**
 * Campaigns' internals, hidden from other modules: the campaign and digest aggregates and
 * their stores, the transition table and the poller's compare-and-sets, the poller, the
 * assembly of a newsletter from its articles, the campaign contents delivery asks for,
 * and the REST controllers.
 */
package dev.glowletter.campaign.internal;
