/**
 * Feedback's internals: the VERP codec, the report reader (RFC 3464 delivery status, RFC
 * 5965 complaints, the common non-standard bounces), the mailbox poller, the providers'
 * webhook verifiers and their payloads, the policy and the bounce records.
 */
package dev.glowletter.feedback.internal;
