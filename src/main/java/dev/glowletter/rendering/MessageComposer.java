package dev.glowletter.rendering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.HeaderValues;
import dev.glowletter.rendering.internal.MimeWriter;
import dev.glowletter.rendering.internal.QuotedPrintable;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import org.springframework.stereotype.Component;

/**
 * Turns an {@link Email} into a MIME message as mailbox providers like it:
 * multipart/alternative with the text part first and HTML last, UTF-8, a Message-ID on
 * the sender's domain, List-Id, and RFC 8058 one-click unsubscribe headers whenever the
 * reader is subscribed.
 */
@Component
public class MessageComposer {

	private static final Session SESSION = Session.getInstance(new Properties());

	private static final SecureRandom RANDOM = new SecureRandom();

	private final EmailTemplates templates;

	private final GlowletterProperties properties;

	private final Clock clock;

	private final String listId;

	private final String listIdHeader;

	private final String fromHeader;

	private final PreparedMails prepared;

	/**
	 * Quoted-printable content never holds "=_" (it writes '=' as "=3D"): one boundary
	 * serves every message.
	 */
	private final String boundary = "----=_Glowletter_" + newId();

	MessageComposer(EmailTemplates templates, GlowletterProperties properties, Clock clock) {
		this.templates = templates;
		this.properties = properties;
		this.clock = clock;
		this.listId = listId(properties);
		this.listIdHeader = "List-Id: " + listId;
		this.fromHeader = MimeWriter.fromHeader(properties.sender().from(), properties.sender().name());
		this.prepared = new PreparedMails(templates, this::commonModel);
	}

	/**
	 * The List-Id header: the list's name and a label on the sender's domain (RFC 2919).
	 */
	static String listId(GlowletterProperties properties) {
		String label = properties.list()
			.name()
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-|-$", "");
		String phrase = HeaderValues.phrase(HeaderValues.clean(properties.list().name()));
		String header = phrase + " <" + (label.isEmpty() ? "list" : label) + "." + properties.sender().domain() + ">";
		// encoded-words keep to RFC 2047's line length; a quoted name stays on one line,
		// as it always did
		return phrase.startsWith("\"") ? header : MimeUtility.fold(9, header);
	}

	Clock clock() {
		return clock;
	}

	String listId() {
		return listId;
	}

	/** The model every e-mail template sees, before the e-mail's own variables. */
	public Map<String, Object> commonModel(String unsubscribeUrl) {
		Map<String, Object> model = new HashMap<>();
		model.put("list", properties.list());
		model.put("sender", properties.sender());
		model.put("baseUrl", properties.baseUrl());
		if (unsubscribeUrl != null) {
			model.put("unsubscribeUrl", unsubscribeUrl);
			model.put("preferencesUrl", PreparedNewsletter.UNSUBSCRIBE.equals(unsubscribeUrl)
					? PreparedNewsletter.PREFERENCES : preferencesUrl(unsubscribeUrl));
		}
		return model;
	}

	/**
	 * The reader's preference page: signed with the same token as their unsubscribe link
	 * (no login, never expires), at {@code /preferences/}.
	 */
	public static String preferencesUrl(String unsubscribeUrl) {
		int at = unsubscribeUrl.lastIndexOf("/unsubscribe/");
		return at < 0 ? unsubscribeUrl
				: unsubscribeUrl.substring(0, at) + "/preferences/" + unsubscribeUrl.substring(at + 13);
	}

	/** The e-mail, composed with a new Message-ID. */
	public ComposedEmail compose(Email email) {
		return compose(email, newMessageId());
	}

	/** A Message-ID on the sender's domain, for a message to be composed later. */
	public String newMessageId() {
		return "<" + newId() + "@" + properties.sender().domain() + ">";
	}

	/**
	 * The e-mail, composed with the given Message-ID ({@link #composeMime}).
	 */
	public ComposedEmail compose(Email email, String messageId) {
		return new ComposedEmail(messageId, email.to(),
				new String(composeMime(email, messageId), StandardCharsets.US_ASCII));
	}

	/**
	 * The e-mail's MIME source (7-bit ASCII), composed with the given Message-ID: written
	 * straight as MIME bytes, filled in from its template's shape when that is proven
	 * ({@link PreparedMails}), or through Jakarta Mail when it carries an attachment. For
	 * the wire: no String made and taken apart again.
	 */
	public byte[] composeMime(Email email, String messageId) {
		PreparedMails.Filling filling = prepared.filling(email);
		if (filling != null) {
			PreparedNewsletter.Shape shape = filling.shape();
			MimeWriter mime = new MimeWriter(shape.sizeHint(), boundary).headers(clock.instant(), fromHeader,
					email.to(), email.toName(), messageId, email.subject(), listIdHeader, email.unsubscribeUrl());
			return shape.writeParts(mime, filling.values(), email.unsubscribeUrl()).finish();
		}
		Map<String, Object> model = commonModel(email.unsubscribeUrl());
		model.putAll(email.model());
		FieldValues.wrapIn(model);
		String text = templates.render(email.template() + ".ftl", model);
		String html = templates.render(email.template() + ".ftlh", model);
		if (email.attachment() == null) {
			MimeWriter mime = new MimeWriter(text.length() + html.length() * 11 / 10 + 2048, boundary).headers(
					clock.instant(), fromHeader, email.to(), email.toName(), messageId, email.subject(), listIdHeader,
					email.unsubscribeUrl());
			QuotedPrintable.encode(text, mime.part("text/plain"));
			QuotedPrintable.encode(html, mime.endPart().part("text/html"));
			return mime.endPart().finish();
		}
		try {
			MimeMessage message = new FixedIdMessage(messageId);
			message.setFrom(HeaderValues.address(properties.sender().from(), properties.sender().name()));
			message.setRecipient(MimeMessage.RecipientType.TO, HeaderValues.address(email.to(), email.toName()));
			message.setHeader("Subject", MimeUtility.fold(9, HeaderValues.text(HeaderValues.clean(email.subject()))));
			message.setSentDate(Date.from(clock.instant()));
			message.setHeader("List-Id", listId);
			if (email.unsubscribeUrl() != null) {
				message.setHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">");
				message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
			}
			message.setContent(body(text, html, email.attachment()));
			message.saveChanges();
			ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + html.length() + 2048);
			message.writeTo(out);
			return out.toByteArray();
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException("Could not compose the " + email.template() + " e-mail: " + ex.getMessage(),
					ex);
		}
	}

	private static MimeMultipart body(String text, String html, Email.Attachment attachment) throws MessagingException {
		MimeMultipart alternative = new MimeMultipart("alternative");
		MimeBodyPart textPart = new MimeBodyPart();
		textPart.setText(text, "UTF-8", "plain");
		alternative.addBodyPart(textPart);
		MimeBodyPart htmlPart = new MimeBodyPart();
		htmlPart.setText(html, "UTF-8", "html");
		alternative.addBodyPart(htmlPart);
		if (attachment == null) {
			return alternative;
		}
		MimeMultipart mixed = new MimeMultipart("mixed");
		MimeBodyPart content = new MimeBodyPart();
		content.setContent(alternative);
		mixed.addBodyPart(content);
		MimeBodyPart file = new MimeBodyPart();
		file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
		file.setFileName(attachment.filename());
		file.setDisposition(MimeBodyPart.ATTACHMENT);
		mixed.addBodyPart(file);
		return mixed;
	}

	static String newId() {
		byte[] random = new byte[16];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	/** A message that keeps the Message-ID it was given when its headers are updated. */
	private static final class FixedIdMessage extends MimeMessage {

		private final String messageId;

		FixedIdMessage(String messageId) {
			super(SESSION);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", messageId);
		}

	}

}
