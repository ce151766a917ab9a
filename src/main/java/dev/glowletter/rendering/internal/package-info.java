/**
 * Rendering's internals, hidden from other modules: the FreeMarker set-up of the e-mail
 * templates, header and quoted-printable encoding, the link-signing key, its settings,
 * and the view-in-browser page.
 */
package dev.glowletter.rendering.internal;
