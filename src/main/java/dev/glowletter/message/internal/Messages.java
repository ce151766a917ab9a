package dev.glowletter.message.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.delivery.Outbox;
import dev.glowletter.message.internal.MessageRequests.Kind;
import dev.glowletter.message.internal.MessageRequests.MessageRequest;
import dev.glowletter.rendering.Email;
import dev.glowletter.rendering.SignedLinks;
import dev.glowletter.rendering.TemplateProblem;
import dev.glowletter.rendering.TransactionalTemplates;
import dev.glowletter.subscription.SubscriberStatus;
import dev.glowletter.subscription.Subscriptions;
import dev.glowletter.subscription.Subscriptions.SubscriberView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends one e-mail of the transactional API: checks that the address may get it, that the
 * template exists and renders with the model, and queues it in the outbox (composed when
 * it is sent, like the reader's other mails), remembering its idempotency key in the same
 * transaction.
 */
@Service
class Messages {

	private static final Logger log = LoggerFactory.getLogger(Messages.class);

	/** The outbox kinds of the messages this API sends, and no others. */
	static final List<String> OUTBOX_KINDS = List.of(Kind.TRANSACTIONAL.outboxKind(), Kind.MARKETING.outboxKind());

	private final Subscriptions subscriptions;

	private final SignedLinks links;

	private final TransactionalTemplates templates;

	private final Outbox outbox;

	private final IdempotencyKeys keys;

	private final TransactionTemplate transactions;

	Messages(Subscriptions subscriptions, SignedLinks links, TransactionalTemplates templates, Outbox outbox,
			IdempotencyKeys keys, TransactionTemplate transactions) {
		this.subscriptions = subscriptions;
		this.links = links;
		this.templates = templates;
		this.outbox = outbox;
		this.keys = keys;
		this.transactions = transactions;
	}

	/** A message queued: its id, and whether this is the first call's answer again. */
	record Accepted(long id, boolean replayed) {
	}

	/** The address may not get marketing mail; {@code reason} says why. */
	static final class Refused extends RuntimeException {

		private final String reason;

		Refused(String reason, String message) {
			super(message);
			this.reason = reason;
		}

		String reason() {
			return reason;
		}

	}

	/** The idempotency key was used with another body. */
	static final class KeyReused extends RuntimeException {

		KeyReused() {
			super("This Idempotency-Key was used in the last 24 hours for a different message: use a new key for a "
					+ "new message, or send the first one's body again to get its answer.");
		}

	}

	/** Another call with the same key is still being answered. */
	static final class InProgress extends RuntimeException {

		InProgress() {
			super("A call with this Idempotency-Key is being answered right now: send it again in a moment to get "
					+ "its answer.");
		}

	}

	/**
	 * Queues the message, or answers the first call with the same key (from the same
	 * caller, in the last 24 hours) again.
	 * @param key the Idempotency-Key, or null
	 */
	Accepted send(String caller, String key, MessageRequest request) {
		if (key != null) {
			Optional<Accepted> earlier = earlier(caller, key, request);
			if (earlier.isPresent()) {
				return earlier.get();
			}
		}
		Optional<SubscriberView> reader = subscriptions.findByEmail(request.to());
		Email email = email(request, reader);
		Long subscriberId = reader.map(SubscriberView::id).orElse(null);
		try {
			long id = transactions.execute(status -> {
				long queued = outbox.enqueue(email, request.kind().outboxKind(),
						request.kind() == Kind.TRANSACTIONAL ? Outbox.Priority.TRANSACTIONAL : Outbox.Priority.BULK,
						subscriberId);
				if (key != null) {
					keys.remember(caller, key, request.hash(), queued);
				}
				return queued;
			});
			log.info("Transactional API: message {} ({}, template {}) queued for {}", id, request.kind(),
					request.template(), caller);
			return new Accepted(id, false);
		}
		catch (DataIntegrityViolationException | ConcurrencyFailureException raced) {
			if (key == null) {
				throw raced;
			}
			// another call with the key won: its answer, once it is committed
			return earlier(caller, key, request).orElseThrow(InProgress::new);
		}
	}

	private Optional<Accepted> earlier(String caller, String key, MessageRequest request) {
		return keys.find(caller, key).map(first -> {
			if (!first.bodyHash().equals(request.hash())) {
				throw new KeyReused();
			}
			return new Accepted(first.outboxId(), true);
		});
	}

	/**
	 * The e-mail to queue, once the address may get it and the template renders with the
	 * model; the reader of the address, if there is one, is who it concerns (its bounces
	 * are theirs, and it goes if they are erased).
	 */
	private Email email(MessageRequest request, Optional<SubscriberView> reader) {
		String unsubscribeUrl = null;
		if (request.kind() == Kind.MARKETING) {
			refuseUnwanted(request, reader);
			// a reader's marketing mail says how to leave; nobody else's can
			unsubscribeUrl = reader.filter(r -> r.status() == SubscriberStatus.CONFIRMED)
				.flatMap(r -> subscriptions.reader(r.id()))
				.map(r -> links.unsubscribeUrl(r.id(), r.tokenVersion()))
				.orElse(null);
		}
		if (!templates.exists(request.template())) {
			throw new MessageRequests.Invalid(
					Map.of("template", "There is no template of that name in the folder " + "email-templates/"
							+ TransactionalTemplates.FOLDER + "/ (it needs both <name>.ftlh and <name>.ftl)."));
		}
		Map<String, Object> subscriber = new HashMap<>();
		subscriber.put("email", request.to().toUnicode());
		reader.map(SubscriberView::firstName).ifPresent(name -> subscriber.put("firstName", name));
		subscriber.put("fields", Map.of());
		Map<String, Object> model = new HashMap<>();
		model.put("subscriber", subscriber);
		model.put("model", request.model());
		String toName = reader.map(SubscriberView::firstName).orElse(null);
		String template = TransactionalTemplates.path(request.template());
		Email draft = new Email(request.to().value(), toName, "", template, model, unsubscribeUrl);
		String subject;
		try {
			subject = templates.check(draft);
		}
		catch (TemplateProblem problem) {
			throw new MessageRequests.Invalid(
					Map.of("model", "The template does not render with this model: " + problem.getMessage()));
		}
		if (request.subject() != null) {
			subject = request.subject();
		}
		if (subject == null) {
			throw new MessageRequests.Invalid(Map.of("subject", "The template sets no subject (<#assign subject = "
					+ "\"…\"> in its .ftl): give one in the call."));
		}
		if (subject.length() > MessageRequests.MAX_SUBJECT_LENGTH) {
			subject = subject.substring(0, MessageRequests.MAX_SUBJECT_LENGTH);
		}
		return new Email(draft.to(), toName, subject, template, model, unsubscribeUrl);
	}

	/** Marketing goes to nobody who bounced, left, complained or was erased. */
	private void refuseUnwanted(MessageRequest request, Optional<SubscriberView> reader) {
		SubscriberStatus status = reader.map(SubscriberView::status).orElse(null);
		if (status == SubscriberStatus.BOUNCED) {
			throw new Refused("bounced", "This address bounced: its mailbox refused our mail for good. Send with "
					+ "\"kind\": \"transactional\" if this is not marketing.");
		}
		if (subscriptions.isSuppressed(request.to())) {
			throw new Refused("suppressed", "This address is on the suppression list: its owner called our mail "
					+ "spam (a complaint) or had their data erased. Send with \"kind\": \"transactional\" if this "
					+ "is not marketing.");
		}
		if (status == SubscriberStatus.UNSUBSCRIBED) {
			throw new Refused("unsubscribed", "This reader unsubscribed from the list. Send with \"kind\": "
					+ "\"transactional\" if this is not marketing.");
		}
	}

}
