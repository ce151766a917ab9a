/**
 * The transactional API's internals: the controller and its problem details, the reading
 * of a call ({@code MessageRequests}), the sending ({@code Messages}) and the idempotency
 * keys ({@code IdempotencyKeys}, table {@code message_request}).
 */
package dev.glowletter.message.internal;
