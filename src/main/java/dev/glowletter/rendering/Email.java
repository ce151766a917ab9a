package dev.glowletter.rendering;

import java.util.Map;

/**
 * An e-mail to compose: who gets it, its subject, and the template (base name:
 * {@code confirm} renders {@code confirm.ftlh} and {@code confirm.ftl}) with its model.
 *
 * @param unsubscribeUrl the reader's signed unsubscribe link, or null for mail to someone
 * who is not subscribed (a confirmation request)
 * @param attachment an optional file, or null
 */
public record Email(String to, String toName, String subject, String template, Map<String, ?> model,
		String unsubscribeUrl, Attachment attachment) {

	public Email(String to, String toName, String subject, String template, Map<String, ?> model,
			String unsubscribeUrl) {
		this(to, toName, subject, template, model, unsubscribeUrl, null);
	}

	/** A file sent along, such as a reader's data export. */
	public record Attachment(String filename, String contentType, byte[] content) {
	}
}
