package dev.glowletter.feedback.internal;

import java.time.Instant;

/**
 * One bounce or complaint a provider's webhook told of.
 *
 * @param id the provider's own id of this event (processed once per id); never null
 * @param finding what became of the message
 * @param occurredAt when it happened, as the provider says; null when it does not
 */
public record ProviderEvent(String id, Finding finding, Instant occurredAt) {
}
