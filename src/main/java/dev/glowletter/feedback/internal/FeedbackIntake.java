package dev.glowletter.feedback.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.glowletter.delivery.CampaignDeliveries;
import dev.glowletter.delivery.RecipientBounced;
import dev.glowletter.feedback.internal.FeedbackLedger.Entry;
import dev.glowletter.feedback.internal.FeedbackLedger.Source;
import dev.glowletter.feedback.internal.Finding.Kind;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.Subscriptions;
import dev.glowletter.subscription.Subscriptions.SubscriberView;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where every bounce and complaint comes in, whichever way it came: it is processed once
 * (by its key), attributed to a reader (by the signed VERP address, or for a verified
 * provider by the address), recorded, and applied by the policy: a hard bounce makes the
 * reader bounced at once; soft bounces on {@code soft-bounce-limit} distinct sends within
 * {@code soft-bounce-window} do too; a complaint unsubscribes and suppresses.
 */
@Component
class FeedbackIntake {

	private static final Logger log = LoggerFactory.getLogger(FeedbackIntake.class);

	private final FeedbackLedger ledger;

	private final BounceAddress bounceAddress;

	private final Subscriptions subscriptions;

	private final CampaignDeliveries deliveries;

	private final FeedbackProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	FeedbackIntake(FeedbackLedger ledger, BounceAddress bounceAddress, Subscriptions subscriptions,
			CampaignDeliveries deliveries, FeedbackProperties properties, MeterRegistry meters, Clock clock) {
		this.ledger = ledger;
		this.bounceAddress = bounceAddress;
		this.subscriptions = subscriptions;
		this.deliveries = deliveries;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	/** What became of a report or event. */
	enum Outcome {

		/** Recorded and applied. */
		APPLIED,

		/** Processed before: nothing changed. */
		DUPLICATE,

		/** Not a bounce or complaint (an auto-reply, a delivery notice, a stray mail). */
		NOT_A_BOUNCE,

		/** Names no reader we know (an unknown or erased address): nothing changed. */
		UNKNOWN_READER,

		/** Names a VERP address of ours whose signature is wrong: a forgery, ignored. */
		FORGED,

		/** A report with no VERP address of ours: nobody can tell whose it is. */
		NO_VERP

	}

	/**
	 * A mail from the bounce mailbox. Only a signed VERP address names the reader: the
	 * mailbox takes mail from anyone, and a report naming an address proves nothing.
	 */
	@Transactional
	public Outcome mailboxReport(Report report, String key) {
		return processMailboxReport(report, key);
	}

	/** A mail from the bounce mailbox, with the key it is processed once by. */
	record Keyed(Report report, String key) {
	}

	/**
	 * Several mails from the bounce mailbox in one transaction (a commit per mail would
	 * cost more than the mail): all of them or, if one fails, none.
	 */
	@Transactional
	public List<Outcome> mailboxReports(List<Keyed> reports) {
		return reports.stream().map(keyed -> processMailboxReport(keyed.report(), keyed.key())).toList();
	}

	private Outcome processMailboxReport(Report report, String key) {
		if (!ledger.firstTime("mailbox:" + key, clock.instant())) {
			return Outcome.DUPLICATE;
		}
		if (report.findings().isEmpty()) {
			return Outcome.NOT_A_BOUNCE;
		}
		Optional<Verp> verp = bounceAddress.verp();
		Verp.Copy copy = null;
		boolean ours = false;
		for (String address : report.envelopeAddresses()) {
			if (verp.isPresent() && verp.get().looksLikeOurs(address)) {
				ours = true;
				copy = verp.get().decode(address).orElse(null);
				if (copy != null) {
					break;
				}
			}
		}
		if (copy == null) {
			if (ours) {
				log.warn("A {} report in the bounce mailbox names a VERP address whose signature is wrong: ignored "
						+ "(forged, or made with another link key)", report.type());
				return Outcome.FORGED;
			}
			log.info("A {} report in the bounce mailbox carries no VERP address of ours: ignored (is "
					+ "glowletter.bounce.address the envelope sender of what the relay sends?)", report.type());
			return Outcome.NO_VERP;
		}
		Optional<SubscriberView> reader = subscriptions.find(copy.subscriberId());
		if (reader.isEmpty()) {
			return Outcome.UNKNOWN_READER;
		}
		Finding finding = mostSevere(report.findings(), reader.get().email());
		apply(reader.get(), copy.campaignId(), copy.sendKey(), finding, Source.MAILBOX, clock.instant());
		return Outcome.APPLIED;
	}

	/**
	 * A verified provider's event: the reader is the one with the address; the campaign,
	 * the last one sent to them before the event.
	 */
	@Transactional
	public Outcome providerEvent(Source source, ProviderEvent event) {
		Instant now = clock.instant();
		if (!ledger.firstTime(source.name() + ":" + event.id(), now)) {
			return Outcome.DUPLICATE;
		}
		Optional<SubscriberView> reader = readerWith(event.finding().recipient());
		if (reader.isEmpty()) {
			return Outcome.UNKNOWN_READER;
		}
		Instant at = event.occurredAt() == null || event.occurredAt().isAfter(now) ? now : event.occurredAt();
		Long campaignId = deliveries.lastCampaignSentTo(reader.get().id(), at).orElse(null);
		apply(reader.get(), campaignId, campaignId != null ? "c" + campaignId : source.name() + ":" + event.id(),
				event.finding(), source, at);
		return Outcome.APPLIED;
	}

	/**
	 * A verified Mailgun call: its token is used once (Mailgun signs the token and time,
	 * not the events, so a token seen before is a replay); null when it was.
	 */
	@Transactional
	public List<Outcome> mailgun(MailgunWebhook.Verified verified) {
		if (!ledger.firstTime("mailgun-token:" + verified.token(), clock.instant())) {
			return null;
		}
		return verified.events().stream().map(event -> providerEvent(Source.MAILGUN, event)).toList();
	}

	/**
	 * A 5xx to a campaign copy during the SMTP transaction: a hard bounce, recorded and
	 * applied in the transaction recording the failed copy, so that none is lost to a
	 * crash after that commit.
	 */
	@EventListener
	@Transactional
	void bouncedDuringTransaction(RecipientBounced event) {
		subscriptions.find(event.subscriberId())
			.ifPresent(reader -> apply(reader, event.campaignId(), "c" + event.campaignId(),
					new Finding(Kind.HARD_BOUNCE, reader.email(), statusOf(event.reply()), event.reply()), Source.SMTP,
					clock.instant()));
	}

	/**
	 * Forgets the keys of reports and events processed over 90 days ago: no server sends
	 * a report again after that long, and a Mailgun token is refused after five minutes
	 * anyway. The bounces themselves stay (they are the reader's record).
	 */
	@Scheduled(fixedDelayString = "${glowletter.bounce.purge-interval:1d}",
			initialDelayString = "${glowletter.bounce.purge-initial-delay:1h}")
	@Transactional
	public int forgetOldKeys() {
		return ledger.forgetProcessedBefore(clock.instant().minus(Duration.ofDays(90)));
	}

	private void apply(SubscriberView reader, Long campaignId, String sendKey, Finding finding, Source source,
			Instant at) {
		String kind = switch (finding.kind()) {
			case HARD_BOUNCE -> "HARD";
			case SOFT_BOUNCE -> "SOFT";
			case COMPLAINT -> "COMPLAINT";
		};
		ledger.record(new Entry(reader.id(), campaignId, sendKey, kind, source,
				finding.recipient() != null ? finding.recipient() : reader.email(), finding.status(),
				finding.diagnostic(), at));
		meters
			.counter("glowletter.feedback", "kind", kind.toLowerCase(Locale.ROOT), "source",
					source.name().toLowerCase(Locale.ROOT))
			.increment();
		String detail = describe(campaignId, source, finding);
		switch (finding.kind()) {
			case HARD_BOUNCE -> subscriptions.markBounced(reader.id(), detail);
			case COMPLAINT -> subscriptions.markComplained(reader.id(), detail);
			case SOFT_BOUNCE -> {
				subscriptions.noteSoftBounce(reader.id(), detail);
				Instant since = clock.instant().minus(properties.softBounceWindow());
				if (reader.confirmedAt() != null && reader.confirmedAt().isAfter(since)) {
					since = reader.confirmedAt();
				}
				int sends = ledger.softBouncedSends(reader.id(), since);
				if (sends >= properties.softBounceLimit()) {
					subscriptions.markBounced(reader.id(), sends + " soft bounces on distinct sends within "
							+ days(properties.softBounceWindow()) + ", the last: " + detail);
				}
			}
		}
	}

	private Optional<SubscriberView> readerWith(String address) {
		if (address == null) {
			return Optional.empty();
		}
		try {
			return subscriptions.findByEmail(EmailAddress.parse(address));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The finding about the reader (a report for one VERP copy may list others, e.g. an
	 * alias expanded), the most severe first.
	 */
	private static Finding mostSevere(List<Finding> findings, String readerAddress) {
		return findings.stream()
			.sorted(Comparator
				.comparing((Finding f) -> f.recipient() == null || !f.recipient().equalsIgnoreCase(readerAddress))
				.thenComparing(f -> switch (f.kind()) {
					case HARD_BOUNCE -> 0;
					case COMPLAINT -> 1;
					case SOFT_BOUNCE -> 2;
				}))
			.findFirst()
			.orElseThrow();
	}

	private static String describe(Long campaignId, Source source, Finding finding) {
		StringBuilder detail = new StringBuilder();
		detail.append(campaignId != null ? "campaign " + campaignId : "no campaign");
		detail.append(", ").append(source.name().toLowerCase(Locale.ROOT));
		if (finding.status() != null) {
			detail.append(", ").append(finding.status());
		}
		if (finding.diagnostic() != null) {
			detail.append(": ").append(FeedbackLedger.cut(finding.diagnostic(), 300));
		}
		return detail.toString();
	}

	private static String days(Duration window) {
		return window.toDays() >= 1 ? window.toDays() + " days" : window.toHours() + " hours";
	}

	/** The enhanced status code in an SMTP reply ("550 5.1.1 ..."), else "5.0.0". */
	private static String statusOf(String reply) {
		String status = SmtpCodes.enhanced(reply);
		return status != null ? status : "5.0.0";
	}

}
