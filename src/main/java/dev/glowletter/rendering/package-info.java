/**
 * Rendering: the e-mail FreeMarker templates, turning a template and its model into a well-formed
 * MIME message, and the signed links that e-mails carry.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rendering")
package dev.glowletter.rendering;
