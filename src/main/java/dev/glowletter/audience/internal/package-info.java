/**
 * Audience's internals: the topics' store, the ports it implements, and the REST API.
 */
package dev.glowletter.audience.internal;
