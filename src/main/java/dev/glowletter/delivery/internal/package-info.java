/**
 * Delivery's internals, hidden from other modules: the outbox's ledger and sender, the
 * campaign copies' ledger, the workers and their pace per domain, the relay watch and
 * health check, and the delivery settings.
 */
package dev.glowletter.delivery.internal;
