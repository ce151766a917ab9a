package dev.glowletter.feedback.internal;

import java.util.Optional;

import dev.glowletter.delivery.EnvelopeSenders;
import dev.glowletter.feedback.LocalBounceMailbox;
import dev.glowletter.rendering.SignedLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The bounce address in effect, and the envelope sender of every message made from it
 * (VERP): {@code glowletter.bounce.address}, else the embedded capture server's local
 * bounce mailbox when no mailbox is configured, else none (messages go out with the From
 * address as envelope sender, as before).
 */
@Component
class BounceAddress implements EnvelopeSenders {

	private static final Logger log = LoggerFactory.getLogger(BounceAddress.class);

	private final String address;

	private final Verp verp;

	/**
	 * The capture server's bounce mailbox, when neither an address nor a mailbox is set.
	 */
	private final LocalBounceMailbox embedded;

	BounceAddress(FeedbackProperties properties, ObjectProvider<LocalBounceMailbox> local, SignedLinks links) {
		boolean addressSet = properties.address() != null && !properties.address().isBlank();
		this.embedded = addressSet || properties.mailbox().configured() ? null : local.getIfAvailable();
		this.address = addressSet ? properties.address().strip() : embedded != null ? embedded.address() : null;
		this.verp = address == null ? null : new Verp(address, payload -> links.signature("verp", payload));
		if (address != null) {
			log.info("Bounces: every message goes out with its own envelope sender at {} (VERP)", address);
		}
	}

	Optional<String> address() {
		return Optional.ofNullable(address);
	}

	/** The embedded bounce mailbox in effect, if no address or mailbox is configured. */
	Optional<LocalBounceMailbox> embedded() {
		return Optional.ofNullable(embedded);
	}

	Optional<Verp> verp() {
		return Optional.ofNullable(verp);
	}

	@Override
	public String ofCampaignCopy(long campaignId, long subscriberId) {
		return verp == null ? null : verp.campaignCopy(campaignId, subscriberId);
	}

	@Override
	public String ofOutboxMessage(long messageId, Long subscriberId) {
		if (verp == null) {
			return null;
		}
		// an admin's test send has no reader to bounce: its bounces go to the bare
		// address
		return subscriberId == null ? address : verp.transactional(messageId, subscriberId);
	}

}
