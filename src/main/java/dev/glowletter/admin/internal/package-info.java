/**
 * Admin's internals: the security chain and its guards (login throttle, cross-site API guard,
 * public body limit), the admin pages and their forms, and the OpenAPI document.
 */
package dev.glowletter.admin.internal;
