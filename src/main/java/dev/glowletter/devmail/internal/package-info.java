/**
 * Dev mail's internals: the capture server's configuration, the conditions that keep it
 * off when a relay is set, and the dev inbox page.
 */
package dev.glowletter.devmail.internal;
