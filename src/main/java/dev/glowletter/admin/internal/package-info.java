/**
 * Admin's internals: the security chain and its guards (trusted proxies, login throttle,
 * cross-site API guard, public body limit), the listening address logged at start-up, the
 * admin pages and their forms, and the OpenAPI document.
 */
package dev.glowletter.admin.internal;
