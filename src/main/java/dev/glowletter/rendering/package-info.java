/**
 * Rendering: the e-mail FreeMarker templates, turning a template and its model into a
 * well-formed MIME message, and the signed links that e-mails carry. Its API is this
 * package: {@link dev.glowletter.rendering.Newsletters} (preview, compose, and prepare
 * once per campaign as a {@link dev.glowletter.rendering.PreparedNewsletter}),
 * {@link dev.glowletter.rendering.MessageComposer} for transactional mail,
 * {@link dev.glowletter.rendering.SignedLinks}, the records they take and give, and
 * {@link dev.glowletter.rendering.NewsletterArchive}, the port a module implements to
 * serve the view-in-browser page; everything else is in {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rendering")
package dev.glowletter.rendering;
