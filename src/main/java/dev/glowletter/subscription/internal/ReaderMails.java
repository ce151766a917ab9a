package dev.glowletter.subscription.internal;

import java.util.HashMap;
import java.util.Map;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.delivery.Outbox;
import dev.glowletter.rendering.Email;
import dev.glowletter.rendering.SignedLinks;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.ReaderFields;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The mails of the reader's path, put in the outbox in the caller's transaction (and
 * composed when they are sent).
 */
@Component
public class ReaderMails {

	private final Outbox outbox;

	private final SignedLinks links;

	private final GlowletterProperties properties;

	private final SubscriptionProperties subscription;

	private final ObjectProvider<ReaderFields> readerFields;

	private final MessageSource messages;

	ReaderMails(Outbox outbox, SignedLinks links, GlowletterProperties properties, SubscriptionProperties subscription,
			ObjectProvider<ReaderFields> readerFields, MessageSource messages) {
		this.messages = messages;
		this.outbox = outbox;
		this.readerFields = readerFields;
		this.links = links;
		this.properties = properties;
		this.subscription = subscription;
	}

	public static final String CONFIRM = "confirm";

	public static final String ALREADY_SUBSCRIBED = "already-subscribed";
	static final String WELCOME = "welcome";

	public static final String DATA_EXPORT = "data-export";
	static final String GOODBYE = "goodbye";

	/** The link that makes a new address the reader's, mailed to that address. */
	public static final String CONFIRM_ADDRESS = Outbox.ADDRESS_CHANGE_KIND;

	/** The note to the old address that the reader's address changed. */
	public static final String ADDRESS_CHANGED = "address-changed";

	/**
	 * The confirmation request ({@link #CONFIRM}) with its link, for the caller to queue.
	 */
	public Email confirmation(Subscriber subscriber, String token) {
		Map<String, Object> model = model(subscriber);
		model.put("confirmUrl", properties.link("/confirm/" + token));
		model.put("validHours", subscription.confirmationValidity().toHours());
		return email(subscriber.getEmail(), subscriber, CONFIRM, subject("mail.confirm.subject"), model, null, null);
	}

	public void alreadySubscribed(Subscriber subscriber) {
		enqueue(alreadySubscribedNote(subscriber), ALREADY_SUBSCRIBED, subscriber);
	}

	/**
	 * The mail {@link #alreadySubscribed} queues ({@link #ALREADY_SUBSCRIBED}), for the
	 * caller to queue.
	 */
	public Email alreadySubscribedNote(Subscriber subscriber) {
		return email(subscriber.getEmail(), subscriber, ALREADY_SUBSCRIBED, subject("mail.alreadySubscribed.subject"),
				model(subscriber), unsubscribeUrl(subscriber), null);
	}

	public void welcome(Subscriber subscriber) {
		send(subscriber, WELCOME, subject("mail.welcome.subject"), model(subscriber), unsubscribeUrl(subscriber), null);
	}

	/**
	 * The one mail after leaving: no unsubscribe link, there is nothing left to leave.
	 */
	public void goodbye(Subscriber subscriber) {
		send(subscriber, GOODBYE, subject("mail.goodbye.subject"), model(subscriber), null, null);
	}

	public void dataExport(Subscriber subscriber, byte[] json) {
		send(subscriber, DATA_EXPORT, subject("mail.dataExport.subject"), model(subscriber), unsubscribeUrl(subscriber),
				new Email.Attachment("glowletter-my-data.json", "application/json", json));
	}

	/**
	 * The link that makes {@code newEmail} the reader's address, to that address: whoever
	 * reads it there owns it. No unsubscribe link: the reader gets nothing there yet.
	 */
	public void confirmAddress(Subscriber subscriber, EmailAddress newEmail, String token) {
		Map<String, Object> model = model(subscriber);
		model.put("newEmail", newEmail.toUnicode());
		model.put("confirmUrl", properties.link("/preferences/address/" + token));
		model.put("validHours", subscription.confirmationValidity().toHours());
		send(newEmail, subscriber, CONFIRM_ADDRESS, subject("mail.confirmAddress.subject"), model, null, null);
	}

	/**
	 * To the address the reader had: it gets nothing more, and its owner learns why (or
	 * that someone with the reader's links moved them).
	 */
	public void addressChanged(EmailAddress oldEmail, Subscriber subscriber, String newEmailMasked) {
		Map<String, Object> model = model(subscriber);
		model.put("oldEmail", oldEmail.toUnicode());
		model.put("newEmailMasked", newEmailMasked);
		send(oldEmail, subscriber, ADDRESS_CHANGED, subject("mail.addressChanged.subject"), model, null, null);
	}

	/** A mail's subject in the list's language, naming the list. */
	private String subject(String key) {
		return messages.getMessage(key, new Object[] { properties.list().name() }, properties.list().locale());
	}

	String unsubscribeUrl(Subscriber subscriber) {
		return links.unsubscribeUrl(subscriber.getId(), subscriber.getTokenVersion());
	}

	/**
	 * What every reader's mail sees of them: their address, first name and custom field
	 * values ({@code subscriber.fields.skinType}).
	 */
	private Map<String, Object> model(Subscriber subscriber) {
		Map<String, Object> reader = new HashMap<>();
		reader.put("email", subscriber.getEmail().toUnicode());
		if (subscriber.getFirstName() != null) {
			reader.put("firstName", subscriber.getFirstName());
		}
		ReaderFields fields = readerFields.getIfAvailable();
		reader.put("fields", fields == null || subscriber.getId() == null ? Map.of()
				: new HashMap<>(fields.values(subscriber.getId())));
		Map<String, Object> model = new HashMap<>();
		model.put("subscriber", reader);
		return model;
	}

	private void send(Subscriber subscriber, String template, String subject, Map<String, Object> model,
			String unsubscribeUrl, Email.Attachment attachment) {
		send(subscriber.getEmail(), subscriber, template, subject, model, unsubscribeUrl, attachment);
	}

	private void send(EmailAddress to, Subscriber subscriber, String template, String subject,
			Map<String, Object> model, String unsubscribeUrl, Email.Attachment attachment) {
		enqueue(email(to, subscriber, template, subject, model, unsubscribeUrl, attachment), template, subscriber);
	}

	private static Email email(EmailAddress to, Subscriber subscriber, String template, String subject,
			Map<String, Object> model, String unsubscribeUrl, Email.Attachment attachment) {
		return new Email(to.value(), subscriber.getFirstName(), subject, template, model, unsubscribeUrl, attachment);
	}

	private void enqueue(Email email, String kind, Subscriber subscriber) {
		outbox.enqueue(email, kind, Outbox.Priority.TRANSACTIONAL, subscriber.getId());
	}

}
