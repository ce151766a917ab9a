/**
 * The click tracker's endpoint, the batched recorder and its purge, the report's API and
 * CSV.
 */
package dev.glowletter.engagement.internal;
