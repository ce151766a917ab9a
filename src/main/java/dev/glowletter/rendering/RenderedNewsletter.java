package dev.glowletter.rendering;

/** A newsletter rendered for one reader: its subject, HTML and plain text. */
public record RenderedNewsletter(String subject, String html, String text) {
}
