package dev.glowletter.rendering;

/**
 * A finished MIME message: its Message-ID, its recipient, and its source (7-bit ASCII,
 * ready for the wire).
 */
public record ComposedEmail(String messageId, String recipient, String mime) {
}
