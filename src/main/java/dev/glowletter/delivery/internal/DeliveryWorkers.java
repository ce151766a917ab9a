package dev.glowletter.delivery.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.delivery.CampaignContents;
import dev.glowletter.delivery.EnvelopeSenders;
import dev.glowletter.delivery.RecipientFields;
import dev.glowletter.delivery.TrackedLinks;
import dev.glowletter.delivery.internal.CampaignLedger.Claim;
import dev.glowletter.delivery.internal.CampaignLedger.Copy;
import dev.glowletter.delivery.internal.CampaignLedger.Outcome;
import dev.glowletter.delivery.internal.CampaignLedger.Result;
import dev.glowletter.delivery.smtp.Outgoing;
import dev.glowletter.delivery.smtp.SmtpConnection;
import dev.glowletter.delivery.smtp.SmtpReply;
import dev.glowletter.rendering.ArticleCard;
import dev.glowletter.rendering.NewsletterContent;
import dev.glowletter.rendering.Newsletters;
import dev.glowletter.rendering.PreparedNewsletter;
import dev.glowletter.rendering.Recipient;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The campaign senders: a pool of threads, each with its own long-lived SMTP connection.
 * A worker takes a batch of copies from the {@link CampaignLedger}, skips readers who
 * left meanwhile and copies whose domain must wait its turn, renders and sends the rest
 * at the instance's rate, and hands what became of each back to the ledger. A copy sent
 * but not yet recorded when an instance dies is sent again when its lease runs out: at
 * most one batch per worker.
 */
@Component
class DeliveryWorkers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

	private final CampaignLedger ledger;

	private final WorkerWakeUps wakeUps;

	private final JavaMailSenderImpl mailSettings;

	private final ObjectProvider<CampaignContents> contents;

	private final Newsletters newsletters;

	private final DeliveryProperties properties;

	private final GlowletterProperties glowletter;

	private final Bucket rate;

	private final DomainPaces domainPaces;

	/** Each active campaign's newsletter, rendered once and filled in per reader. */
	private final Map<Long, PreparedNewsletter> contentCache = new ConcurrentHashMap<>();

	/**
	 * The most article sets of personal editions kept rendered: readers owed the same set
	 * share one rendering, and memory stays bounded however many sets there are.
	 */
	static final int PERSONAL_VARIANTS = 256;

	/**
	 * A personal edition's newsletter per distinct set of articles, least used out first.
	 */
	private final Map<Variant, PreparedNewsletter> variantCache = Collections
		.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Variant, PreparedNewsletter> eldest) {
				return size() > PERSONAL_VARIANTS;
			}
		});

	/** One set of articles of a personal edition. */
	private record Variant(long campaignId, List<Long> articleIds) {
	}

	private final Timer smtpTimer;

	private final SenderThreads threads = new SenderThreads();

	private final SendingActivity activity;

	private final ObjectProvider<EnvelopeSenders> envelopeSenders;

	private final ObjectProvider<RecipientFields> recipientFields;

	private final TrackedLinks trackedLinks;

	DeliveryWorkers(CampaignLedger ledger, WorkerWakeUps wakeUps, JavaMailSenderImpl mailSettings,
			ObjectProvider<CampaignContents> contents, Newsletters newsletters, DeliveryProperties properties,
			GlowletterProperties glowletter, Clock clock, MeterRegistry meters, SendingActivity activity,
			ObjectProvider<EnvelopeSenders> envelopeSenders, ObjectProvider<RecipientFields> recipientFields,
			TrackedLinks trackedLinks) {
		this.ledger = ledger;
		this.trackedLinks = trackedLinks;
		this.recipientFields = recipientFields;
		this.wakeUps = wakeUps;
		this.mailSettings = mailSettings;
		this.activity = activity;
		this.envelopeSenders = envelopeSenders;
		this.contents = contents;
		this.newsletters = newsletters;
		this.properties = properties;
		this.glowletter = glowletter;
		this.rate = properties.ratePerSecond() == 0 ? null
				: Bucket.builder()
					.addLimit(Bandwidth.builder()
						.capacity(properties.ratePerSecond())
						.refillGreedy(properties.ratePerSecond(), Duration.ofSeconds(1))
						.build())
					.build();
		this.domainPaces = new DomainPaces(properties.domainRates(), clock);
		this.smtpTimer = meters.timer("glowletter.delivery.smtp");
	}

	/**
	 * Claims the next batch of any active campaign; null when there is nothing to send.
	 */
	Claim claim() {
		List<Long> active = ledger.activeCampaigns();
		// an inactive campaign's newsletter goes; prepared again if it resumes
		contentCache.keySet().retainAll(active);
		synchronized (variantCache) {
			variantCache.keySet().removeIf(variant -> !active.contains(variant.campaignId()));
		}
		Claim claim = ledger.claim(active);
		if (claim != null) {
			activity.sending();
		}
		return claim;
	}

	/**
	 * Sends a claimed batch over the connection and records what became of each copy;
	 * returns false when the connection was lost (the unsent rest went back to the
	 * queue).
	 */
	boolean deliver(Claim claim, SmtpConnection connection) {
		MDC.put("campaignId", String.valueOf(claim.campaignId()));
		try {
			List<Result> results = new ArrayList<>(claim.copies().size());
			List<Addressed> sending = new ArrayList<>(claim.copies().size());
			EnvelopeSenders senders = envelopeSenders.getIfAvailable();
			Map<Long, Map<String, String>> fields = fieldsOf(claim);
			for (Copy copy : claim.copies()) {
				OffsetDateTime turn;
				if (!"CONFIRMED".equals(copy.subscriberStatus())) {
					results
						.add(new Result(copy, Outcome.SKIPPED, null, "the reader is " + (copy.subscriberStatus() == null
								? "erased" : copy.subscriberStatus().toLowerCase(Locale.ROOT)), false));
				}
				else if ((turn = domainPaces.turn(copy.email())) != null) {
					results.add(new Result(copy, Outcome.DEFERRED, null, null, false, turn));
				}
				else {
					sending.add(new Addressed(claim.campaignId(), copy, newsletterFor(claim, copy),
							senders == null ? null : senders.ofCampaignCopy(claim.campaignId(), copy.subscriberId()),
							fields.getOrDefault(copy.subscriberId(), Map.of())));
				}
			}
			long start = System.nanoTime();
			SmtpReply[] replies = connection.send(sending);
			long perMessage = sending.isEmpty() ? 0 : (System.nanoTime() - start) / sending.size();
			String connectionFailure = null;
			for (int i = 0; i < replies.length; i++) {
				Addressed sent = sending.get(i);
				Result result = CampaignLedger.resultOf(sent.copy, sent.messageId, replies[i]);
				results.add(result);
				if (result.outcome() == Outcome.RELEASED) {
					connectionFailure = result.error();
				}
				smtpTimer.record(perMessage, TimeUnit.NANOSECONDS);
			}
			if (connectionFailure != null) {
				log.warn("Lost the SMTP connection ({}); the batch's unsent copies go back to the queue",
						connectionFailure);
			}
			ledger.record(claim.campaignId(), results, connectionFailure);
			return connectionFailure == null;
		}
		finally {
			MDC.remove("campaignId");
		}
	}

	/**
	 * The copy's newsletter: the campaign's, or for a copy of a personal edition the one
	 * of its set of articles, each prepared once.
	 */
	private PreparedNewsletter newsletterFor(Claim claim, Copy copy) {
		long campaignId = claim.campaignId();
		List<Long> articles = claim.articlesOf(copy);
		if (articles.isEmpty()) {
			return contentCache.computeIfAbsent(campaignId,
					id -> prepare(id, contents.getObject().contentOf(id), newsletters.viewInBrowserUrl(id)));
		}
		Variant variant = new Variant(campaignId, articles);
		PreparedNewsletter prepared = variantCache.get(variant);
		if (prepared == null) {
			// prepared outside the lock: two workers may both prepare a new set once
			// its web version: this copy's, which shows the same articles as every copy
			// of
			// the set
			prepared = prepare(campaignId, contents.getObject().contentOf(campaignId, articles),
					newsletters.viewCopyUrl(copy.id()));
			variantCache.put(variant, prepared);
		}
		return prepared;
	}

	/**
	 * Prepares a newsletter of the campaign; with click tracking on, first keeps where
	 * each of its articles' tracked links leads.
	 */
	private PreparedNewsletter prepare(long campaignId, NewsletterContent content, String viewInBrowserUrl) {
		if (properties.trackClicks()) {
			trackedLinks.keep(campaignId,
					content.articles()
						.stream()
						.filter(card -> card.id() != null)
						.collect(Collectors.toMap(ArticleCard::id,
								card -> newsletters.articleUrl(card, content.template()), (a, b) -> a,
								LinkedHashMap::new)));
		}
		return newsletters.prepare(content, viewInBrowserUrl, properties.trackClicks() && properties.countOpens());
	}

	/**
	 * The custom field values of the batch's readers who are sent a copy, in one query
	 * for the whole batch.
	 */
	private Map<Long, Map<String, String>> fieldsOf(Claim claim) {
		RecipientFields source = recipientFields.getIfAvailable();
		if (source == null) {
			return Map.of();
		}
		List<Long> readers = claim.copies()
			.stream()
			.filter(copy -> "CONFIRMED".equals(copy.subscriberStatus()))
			.map(Copy::subscriberId)
			.toList();
		return readers.isEmpty() ? Map.of() : source.valuesOf(readers);
	}

	/**
	 * A copy of a campaign on its way: its reader with their field values, its envelope
	 * sender (null: the configured one), and their newsletter made when it is sent.
	 */
	private final class Addressed implements Outgoing {

		private final long campaignId;

		private final Copy copy;

		private final PreparedNewsletter newsletter;

		private final String envelopeFrom;

		private final Map<String, String> fields;

		private String messageId;

		Addressed(long campaignId, Copy copy, PreparedNewsletter newsletter, String envelopeFrom,
				Map<String, String> fields) {
			this.campaignId = campaignId;
			this.copy = copy;
			this.newsletter = newsletter;
			this.envelopeFrom = envelopeFrom;
			this.fields = fields;
		}

		@Override
		public String envelopeFrom() {
			return envelopeFrom;
		}

		@Override
		public String recipient() {
			return copy.email();
		}

		@Override
		public byte[] content() {
			PreparedNewsletter.WireCopy email = newsletter
				.wireCopy(new Recipient(copy.subscriberId(), copy.email(), copy.firstName(), copy.tokenVersion(),
						fields, properties.trackClicks() && copy.clickTracking() ? copy.id() : 0, campaignId));
			messageId = email.messageId();
			if (rate != null) {
				rate.asBlocking().consumeUninterruptibly(1);
			}
			return email.bytes();
		}

	}

	private void work() {
		Duration idle = properties.pollInterval();
		Duration connectionBackoff = Duration.ofMillis(500);
		try (SmtpConnection connection = new SmtpConnection(mailSettings, glowletter.sender().from(),
				properties.reconnectAfter(), properties.directSmtp())) {
			while (threads.running() && !Thread.currentThread().isInterrupted()) {
				boolean worked = false;
				boolean lost = false;
				try {
					Claim claim = claim();
					if (claim != null) {
						worked = true;
						lost = !deliver(claim, connection);
					}
					else {
						// nothing to send: a relay would drop an idle connection anyway
						connection.close();
					}
				}
				catch (RuntimeException ex) {
					log.error("A delivery worker failed; trying again shortly", ex);
					lost = true;
				}
				if (worked && !lost) {
					connectionBackoff = Duration.ofMillis(500);
					continue;
				}
				try {
					wakeUps.await(lost ? connectionBackoff : idle);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				if (lost) {
					connectionBackoff = connectionBackoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
							? Duration.ofSeconds(30) : connectionBackoff.multipliedBy(2);
				}
			}
		}
	}

	@Override
	public void start() {
		threads.start(this::work,
				IntStream.rangeClosed(1, properties.workers()).mapToObj(i -> "delivery-worker-" + i).toList());
	}

	@Override
	public void stop() {
		threads.stop(wakeUps::wakeUp);
	}

	@Override
	public boolean isRunning() {
		return threads.running();
	}

}
