/**
 * Audience's internals: the topics' store, segments' filters read into typed criteria and
 * compiled to SQL, the ports it implements, and the REST APIs.
 */
package dev.glowletter.audience.internal;
