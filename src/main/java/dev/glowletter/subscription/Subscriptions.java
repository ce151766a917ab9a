package dev.glowletter.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.delivery.Outbox;
import dev.glowletter.delivery.SentArticles;
import dev.glowletter.engagement.Clicks;
import dev.glowletter.rendering.Email;
import dev.glowletter.rendering.SignedLinks;
import dev.glowletter.subscription.internal.AddressLocks;
import dev.glowletter.subscription.internal.ConfirmationTokens;
import dev.glowletter.subscription.internal.Consent;
import dev.glowletter.subscription.internal.Consents;
import dev.glowletter.subscription.internal.DataExport;
import dev.glowletter.subscription.internal.ReaderMails;
import dev.glowletter.subscription.internal.Subscriber;
import dev.glowletter.subscription.internal.SubscriberEvent;
import dev.glowletter.subscription.internal.SubscriberEvents;
import dev.glowletter.subscription.internal.Subscribers;
import dev.glowletter.subscription.internal.SubscriptionProperties;
import dev.glowletter.subscription.internal.Suppressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reader's path: subscribe, confirm, unsubscribe, and what they may ask of their
 * data. The module's facade.
 */
@Service
public class Subscriptions {

	private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

	private static final List<String> CONFIRMATION_KINDS = List.of(ReaderMails.CONFIRM, ReaderMails.ALREADY_SUBSCRIBED);

	/**
	 * The same sign-up again within this time sends no second mail (a double-click, an
	 * impatient reader).
	 */
	private static final Duration REPEAT_WITHOUT_MAIL = Duration.ofMinutes(1);

	/** The window of the rate limits. */
	private static final Duration HOUR = Duration.ofHours(1);

	/** How the history notes such a repeat. */
	private static final String AGAIN = ", again within a minute: no new mail";

	/** What a reader over the limit of sign-ups from one IP address is told. */
	public static final String SIGNUPS_FROM_IP = "Too many sign-ups came from your network in the last hour. "
			+ "Please try again later.";

	/** {@link #SIGNUPS_FROM_IP}'s key in the reader's bundle. */
	public static final String SIGNUPS_FROM_IP_TEXT = "tooMany.signupsFromIp";

	private final Subscribers subscribers;

	private final AddressLocks addressLocks;

	private final Consents consents;

	private final SubscriberEvents events;

	private final Suppressions suppressions;

	private final ReaderMails mails;

	private final Outbox outbox;

	private final SignedLinks links;

	private final SubscriptionProperties properties;

	private final GlowletterProperties glowletter;

	private final Clock clock;

	private final ObjectProvider<ReaderTopics> readerTopics;

	private final ObjectProvider<ReaderFields> readerFields;

	private final SentArticles sentArticles;

	private final Clicks clicks;

	private final ApplicationEventPublisher publisher;

	/** Rows written as they come (all but a group's). */
	private final Rows direct = new Rows();

	Subscriptions(Subscribers subscribers, AddressLocks addressLocks, Consents consents, SubscriberEvents events,
			Suppressions suppressions, ReaderMails mails, Outbox outbox, SignedLinks links,
			SubscriptionProperties properties, GlowletterProperties glowletter, Clock clock,
			ObjectProvider<ReaderTopics> readerTopics, ObjectProvider<ReaderFields> readerFields,
			SentArticles sentArticles, Clicks clicks, ApplicationEventPublisher publisher) {
		this.publisher = publisher;
		this.readerTopics = readerTopics;
		this.clicks = clicks;
		this.sentArticles = sentArticles;
		this.readerFields = readerFields;
		this.subscribers = subscribers;
		this.addressLocks = addressLocks;
		this.consents = consents;
		this.events = events;
		this.suppressions = suppressions;
		this.mails = mails;
		this.outbox = outbox;
		this.links = links;
		this.properties = properties;
		this.glowletter = glowletter;
		this.clock = clock;
	}

	/** The words a reader consents to, as the form shows them. */
	public String consentText() {
		return properties.consentText().replace("{list}", glowletter.list().name());
	}

	/**
	 * Records the wish and its consent, and queues the mail that goes with it: a
	 * confirmation request, or for a confirmed reader a note that they are subscribed
	 * already. The same sign-up again within a minute (a double-click) is recorded but
	 * sends nothing more: the mail just sent still holds a link that works. Sign-ups of
	 * one address take turns, so that those sent at once get what they would get one
	 * after the other. The caller answers alike in every case, so nobody learns who is
	 * subscribed.
	 * @throws TooManyRequests when the address had its share of mails this hour
	 */
	@Transactional
	public void subscribe(SubscribeRequest request) {
		store(request);
	}

	/**
	 * {@link #subscribe} for each sign-up, in one transaction: those that arrive at once
	 * share its commit. Each gets what it would get alone, one after the other. A sign-up
	 * over a limit is refused before it writes anything, so the others go on.
	 * <p>
	 * Those of different addresses from different IP addresses are read together (one
	 * query per kind for all of them: their locks, their readers, their counts) and their
	 * rows written in one batch per table; one that shares its address or IP address with
	 * another of the group is stored after them, alone, and sees their rows.
	 * @return per sign-up, null when it was stored, or why it was refused
	 */
	@Transactional
	public List<TooManyRequests> subscribeAll(List<SubscribeRequest> requests) {
		TooManyRequests[] outcomes = new TooManyRequests[requests.size()];
		List<Integer> together = new ArrayList<>(requests.size());
		List<Integer> after = new ArrayList<>();
		Set<String> keys = new HashSet<>();
		Set<String> ips = new HashSet<>();
		for (int i = 0; i < requests.size(); i++) {
			SubscribeRequest request = requests.get(i);
			boolean newAddress = keys.add(request.email().key());
			boolean newIp = request.ip() == null || ips.add(request.ip());
			(newAddress && newIp ? together : after).add(i);
		}
		storeTogether(requests, together, outcomes);
		for (int i : after) {
			try {
				store(requests.get(i));
			}
			catch (TooManyRequests refused) {
				outcomes[i] = refused;
			}
		}
		return Arrays.asList(outcomes);
	}

	/**
	 * {@link #store} for sign-ups of different addresses from different IP addresses: the
	 * same queries, each asked once for all of them, and their rows written at the end.
	 */
	private void storeTogether(List<SubscribeRequest> requests, List<Integer> indexes, TooManyRequests[] outcomes) {
		if (indexes.isEmpty()) {
			return;
		}
		Instant now = clock.instant();
		List<SubscribeRequest> group = indexes.stream().map(requests::get).toList();
		addressLocks.lockAll(group.stream().map(SubscribeRequest::email).toList());
		Map<String, Subscriber> known = new HashMap<>();
		for (Subscriber subscriber : subscribers
			.lockByEmailKeyIn(group.stream().map(request -> request.email().key()).toList())) {
			known.put(subscriber.getEmail().key(), subscriber);
		}
		Map<String, Instant> limitTh = consents.nthNewestFromIps(
				group.stream().map(SubscribeRequest::ip).filter(Objects::nonNull).toList(), now.minus(HOUR),
				properties.requestsPerIpPerHour());
		// a new address had no mail this hour: only readers' are counted
		Map<Long, String> recentKinds = new HashMap<>();
		for (Subscriber subscriber : known.values()) {
			recentKinds.put(subscriber.getId(),
					isConfirmed(subscriber) ? ReaderMails.ALREADY_SUBSCRIBED : ReaderMails.CONFIRM);
		}
		Map<Long, Outbox.RecentMails> recent = outbox.countRecentAll(recentKinds, CONFIRMATION_KINDS, now.minus(HOUR),
				now.minus(REPEAT_WITHOUT_MAIL));
		GroupRows rows = new GroupRows();
		for (int i = 0; i < group.size(); i++) {
			SubscribeRequest request = group.get(i);
			Optional<Subscriber> subscriber = Optional.ofNullable(known.get(request.email().key()));
			try {
				Instant ipLimitTh = request.ip() == null ? null : limitTh.get(request.ip());
				if (ipLimitTh != null) {
					throw signupsFromIp(now, ipLimitTh);
				}
				Outbox.RecentMails mails = subscriber.map(reader -> recent.get(reader.getId()))
					.orElse(new Outbox.RecentMails(0, 0));
				checkMailsThisHour(mails.sinceHour());
				write(request, subscriber, mails.recent() > 0, now, rows);
			}
			catch (TooManyRequests refused) {
				outcomes[indexes.get(i)] = refused;
			}
		}
		rows.write();
	}

	private void store(SubscribeRequest request) {
		Instant now = clock.instant();
		checkSignupsFromIp(request.ip(), now);
		Optional<Subscriber> known = lockedReader(request.email());
		// The same queries for every address, known or not, whatever its state: the
		// time a sign-up takes must not tell who is on the list (bench/signup-timing).
		// A new address had no mail this hour (an erased reader's mails went with them),
		// so its counts are nothing, yet asked all the same.
		boolean confirmed = isConfirmed(known.orElse(null));
		Outbox.RecentMails recent = outbox.countRecent(readerId(known), CONFIRMATION_KINDS, now.minus(HOUR),
				confirmed ? ReaderMails.ALREADY_SUBSCRIBED : ReaderMails.CONFIRM, now.minus(REPEAT_WITHOUT_MAIL));
		checkMailsThisHour(recent.sinceHour());
		write(request, known, recent.recent() > 0, now, direct);
	}

	/**
	 * The reader's id, to count their mails by; for an address that is no reader's, an id
	 * that finds no mail, asked all the same.
	 */
	private static long readerId(Optional<Subscriber> known) {
		return known.map(Subscriber::getId).orElse(Outbox.NO_READER);
	}

	private static boolean isConfirmed(Subscriber subscriber) {
		return subscriber != null && subscriber.getStatus() == SubscriberStatus.CONFIRMED;
	}

	/**
	 * What a sign-up changes, once its limits are checked.
	 * @param known the reader with its address, locked, if any
	 * @param mailedJustNow whether the mail it would send went to the address within the
	 * minute
	 */
	private void write(SubscribeRequest request, Optional<Subscriber> known, boolean mailedJustNow, Instant now,
			Rows rows) {
		String source = request.source().name();
		if (known.isEmpty()) {
			// one insert, with its link
			Subscriber subscriber = new Subscriber(request.email(), blankToNull(request.firstName()), now);
			String secret = newConfirmationSecret(subscriber, now);
			subscriber.moveToTimeZone(request.timeZone());
			subscribers.saveAndFlush(subscriber);
			chooseTopics(subscriber, request);
			keepFields(subscriber, request);
			saveConsent(subscriber, request, now, rows);
			confirmationRequested(subscriber, secret, now, source, rows);
			return;
		}
		Subscriber subscriber = known.get();
		subscriber.askedToSubscribe(now);
		saveConsent(subscriber, request, now, rows);
		if (isConfirmed(subscriber)) {
			rows.event(new SubscriberEvent(subscriber.getId(), SubscriberEvent.ALREADY_SUBSCRIBED, now,
					mailedJustNow ? source + AGAIN : source));
			if (!mailedJustNow) {
				rows.mail(mails.alreadySubscribedNote(subscriber), ReaderMails.ALREADY_SUBSCRIBED, subscriber);
			}
			return;
		}
		subscriber.rename(blankToNull(request.firstName()));
		if (request.timeZone() != null) {
			// like the topics: a confirmed reader's zone changes from their preference
			// link only
			subscriber.moveToTimeZone(request.timeZone());
		}
		chooseTopics(subscriber, request);
		keepFields(subscriber, request);
		if (mailedJustNow && subscriber.getStatus() == SubscriberStatus.PENDING
				&& subscriber.confirmationValidAt(now)) {
			// a pending reader whose link went out within the minute and still works:
			// another would only make it dead
			rows.event(
					new SubscriberEvent(subscriber.getId(), SubscriberEvent.SUBSCRIBE_REQUESTED, now, source + AGAIN));
			return;
		}
		confirmationRequested(subscriber, newConfirmationSecret(subscriber, now), now, source, rows);
	}

	/** Where a sign-up's consent, history and mail go: written at once. */
	private class Rows {

		void consent(Consent consent) {
			consents.insert(consent);
		}

		void event(SubscriberEvent event) {
			events.insert(event);
		}

		void mail(Email email, String kind, Subscriber subscriber) {
			outbox.enqueue(email, kind, Outbox.Priority.TRANSACTIONAL, subscriber.getId());
		}

	}

	/** A group's: gathered, and written together, one batch per table. */
	private final class GroupRows extends Rows {

		private final List<Consent> consentRows = new ArrayList<>();

		private final List<SubscriberEvent> eventRows = new ArrayList<>();

		private final List<Outbox.Queued> mailRows = new ArrayList<>();

		@Override
		void consent(Consent consent) {
			consentRows.add(consent);
		}

		@Override
		void event(SubscriberEvent event) {
			eventRows.add(event);
		}

		@Override
		void mail(Email email, String kind, Subscriber subscriber) {
			mailRows.add(new Outbox.Queued(email, kind, subscriber.getId()));
		}

		void write() {
			consents.insertAll(consentRows);
			events.insertAll(eventRows);
			outbox.enqueueAll(mailRows, Outbox.Priority.TRANSACTIONAL);
		}

	}

	/**
	 * The topics ticked, kept for a reader who is not confirmed (yet, or any more); a
	 * confirmed reader's topics change only from their own preference link, not from a
	 * form anyone can fill in with their address.
	 */
	private void chooseTopics(Subscriber subscriber, SubscribeRequest request) {
		ReaderTopics topics = readerTopics.getIfAvailable();
		if (topics != null && !request.topicIds().isEmpty()) {
			topics.choose(subscriber.getId(), request.topicIds());
		}
	}

	/**
	 * The field values given, kept for a reader who is not confirmed, as the topics are:
	 * a confirmed reader's values do not change from a form anyone can fill in.
	 */
	private void keepFields(Subscriber subscriber, SubscribeRequest request) {
		ReaderFields fields = readerFields.getIfAvailable();
		if (fields != null && !request.fields().isEmpty()) {
			fields.store(subscriber.getId(), request.fields());
		}
	}

	/**
	 * Sends a fresh confirmation link to a reader who is still pending, unless one went
	 * out within the minute (it still works); quietly nothing otherwise.
	 */
	@Transactional
	public void resendConfirmation(EmailAddress email) {
		Instant now = clock.instant();
		Optional<Subscriber> known = lockedReader(email);
		checkMailsThisHour(readerId(known), now);
		known.filter(subscriber -> subscriber.getStatus() == SubscriberStatus.PENDING)
			.filter(subscriber -> !linkSentJustNow(subscriber, now))
			.ifPresent(subscriber -> requestConfirmation(subscriber, now, "resend"));
	}

	/**
	 * The reader with the address in any case, if any, locked (as is the address) until
	 * the transaction ends.
	 */
	private Optional<Subscriber> lockedReader(EmailAddress email) {
		addressLocks.lock(email);
		return subscribers.lockByEmailKey(email.key());
	}

	/**
	 * Sign-ups from one IP address, counted by their consents in the database, so that
	 * every instance sees one count; reading no more of them than the limit. Sign-ups
	 * sent at the very same moment may each see the count before the others are stored:
	 * across instances the limit can be passed by as many as are in flight at once (each
	 * instance's own limiter, in memory, is exact).
	 */
	private void checkSignupsFromIp(String ip, Instant now) {
		if (ip == null) {
			return;
		}
		// the limit-th newest, if there are that many: when it leaves the hour, the
		// next one may come
		Optional<Instant> limitTh = consents.nthNewestFromIp(ip, now.minus(HOUR), properties.requestsPerIpPerHour());
		if (limitTh.isPresent()) {
			throw signupsFromIp(now, limitTh.get());
		}
	}

	/**
	 * Refuses a sign-up until the {@code limit}-th newest from its IP leaves the hour.
	 */
	private static TooManyRequests signupsFromIp(Instant now, Instant limitTh) {
		return new TooManyRequests(SIGNUPS_FROM_IP, SIGNUPS_FROM_IP_TEXT, Duration.between(now, limitTh.plus(HOUR)));
	}

	/**
	 * Counted by reader: every mail of the reader goes to their stored address, queued at
	 * once and sent in its turn, so the limit holds for bursts too.
	 */
	private void checkMailsThisHour(long readerId, Instant now) {
		checkMailsThisHour(outbox.countSince(readerId, CONFIRMATION_KINDS, now.minus(HOUR)));
	}

	private void checkMailsThisHour(int mailsThisHour) {
		if (mailsThisHour >= properties.mailsPerAddressPerHour()) {
			throw new TooManyRequests(
					"This address was sent several confirmation e-mails in the last hour. Please check its inbox "
							+ "(and spam folder), or try again later.",
					"tooMany.confirmationMails", HOUR);
		}
	}

	/**
	 * A pending reader whose link went out within the minute and still works: another
	 * would only make it dead.
	 */
	private boolean linkSentJustNow(Subscriber subscriber, Instant now) {
		return subscriber.getStatus() == SubscriberStatus.PENDING && subscriber.confirmationValidAt(now)
				&& mailedJustNow(subscriber, ReaderMails.CONFIRM, now);
	}

	private boolean mailedJustNow(Subscriber subscriber, String kind, Instant now) {
		return outbox.countSince(subscriber.getId(), List.of(kind), now.minus(REPEAT_WITHOUT_MAIL)) > 0;
	}

	private void saveConsent(Subscriber subscriber, SubscribeRequest request, Instant now, Rows rows) {
		rows.consent(new Consent(subscriber.getId(), now, request.ip(), truncate(request.userAgent(), 500),
				request.source(), consentText(), properties.consentVersion()));
	}

	/**
	 * Gives the reader a new confirmation link; returns its secret (the link names the
	 * reader too, once they have an id: ConfirmationTokens).
	 */
	private String newConfirmationSecret(Subscriber subscriber, Instant now) {
		String secret = ConfirmationTokens.newToken();
		subscriber.requestConfirmation(ConfirmationTokens.hash(secret), now.plus(properties.confirmationValidity()),
				now);
		return secret;
	}

	private void requestConfirmation(Subscriber subscriber, Instant now, String detail) {
		confirmationRequested(subscriber, newConfirmationSecret(subscriber, now), now, detail, direct);
	}

	/** Records the request in the reader's history and mails them the link. */
	private void confirmationRequested(Subscriber subscriber, String secret, Instant now, String detail, Rows rows) {
		rows.event(new SubscriberEvent(subscriber.getId(), SubscriberEvent.SUBSCRIBE_REQUESTED, now, detail));
		rows.mail(mails.confirmation(subscriber, ConfirmationTokens.link(subscriber.getId(), secret)),
				ReaderMails.CONFIRM, subscriber);
	}

	/**
	 * What a confirmation page shows: the list and the (masked) address, if the token
	 * works.
	 */
	public record PendingConfirmation(String maskedEmail) {
	}

	@Transactional(readOnly = true)
	public Optional<PendingConfirmation> pendingConfirmation(String token) {
		return validPending(token, subscribers::findById, subscribers::findByConfirmationTokenHash)
			.map(subscriber -> new PendingConfirmation(mask(subscriber.getEmail().toUnicode())));
	}

	/**
	 * Confirms the subscription the token belongs to and sends the welcome mail; false if
	 * the token does not work.
	 */
	@Transactional
	public boolean confirm(String token) {
		// locked: of two clicks at once the second waits, then finds the link used, as it
		// would after the first
		Optional<Subscriber> pending = validPending(token, subscribers::lockById,
				subscribers::lockByConfirmationTokenHash);
		pending.ifPresent(subscriber -> {
			Instant now = clock.instant();
			subscriber.confirm(now);
			suppressions.lift(subscriber.getEmail());
			history(subscriber, SubscriberEvent.CONFIRMED, now, null);
			mails.welcome(subscriber);
		});
		return pending.isPresent();
	}

	/**
	 * The pending reader whose confirmation link the token is, if the link still works.
	 * @param byId finds a reader by id (a link that names its reader)
	 * @param byTokenHash finds a reader by the hash of an older link's whole token
	 */
	private Optional<Subscriber> validPending(String token, Function<Long, Optional<Subscriber>> byId,
			Function<String, Optional<Subscriber>> byTokenHash) {
		Optional<ConfirmationTokens.Link> link = ConfirmationTokens.parse(token);
		Optional<Subscriber> reader;
		if (link.isPresent()) {
			reader = byId.apply(link.get().readerId())
				.filter(subscriber -> subscriber.confirmationSecretIs(link.get().secret()));
		}
		else if (ConfirmationTokens.plausible(token)) {
			reader = byTokenHash.apply(ConfirmationTokens.hash(token));
		}
		else {
			return Optional.empty();
		}
		Instant now = clock.instant();
		return reader.filter(subscriber -> subscriber.confirmationValidAt(now));
	}

	/** What the unsubscribe page shows. */
	public record UnsubscribePage(String maskedEmail, boolean unsubscribed) {
	}

	@Transactional(readOnly = true)
	public Optional<UnsubscribePage> unsubscribePage(String token) {
		return bySignedToken(token, subscribers::findById)
			.map(subscriber -> new UnsubscribePage(mask(subscriber.getEmail().toUnicode()),
					subscriber.getStatus() == SubscriberStatus.UNSUBSCRIBED));
	}

	/**
	 * Unsubscribes the reader the signed token names, at once; again is harmless. False
	 * when the token is not ours (forged, altered, or its reader erased). A reader who
	 * left through the page gets one goodbye mail; a mailbox provider's one-click
	 * unsubscribe sends nothing.
	 */
	@Transactional
	public boolean unsubscribe(String token, String reason, boolean oneClick) {
		// locked: of two clicks at once the second waits, then finds the reader gone, as
		// it would after the first
		Optional<Subscriber> found = bySignedToken(token, subscribers::lockById);
		found.ifPresent(subscriber -> {
			Instant now = clock.instant();
			if (subscriber.unsubscribe(truncate(blankToNull(reason), 500), now)) {
				history(subscriber, SubscriberEvent.UNSUBSCRIBED, now, truncate(reason, 500));
				if (!oneClick && properties.goodbyeMail()) {
					mails.goodbye(subscriber);
				}
				log.info("Subscriber {} unsubscribed", subscriber.getId());
			}
		});
		return found.isPresent();
	}

	/**
	 * What a reader's preference page shows.
	 *
	 * @param topicIds the topics they chose (none: everything)
	 * @param pausedUntil until when they paused the newsletter, or null
	 * @param frequency how often they want mail
	 * @param clickTracking whether the links they click are recorded
	 */
	public record PreferencesPage(String maskedEmail, String firstName, SubscriberStatus status, List<Long> topicIds,
			Instant pausedUntil, Frequency frequency, Map<String, String> fields, String timeZone,
			boolean clickTracking) {

		/**
		 * The day the pause ends, as readers of this language write a date ("December 29,
		 * 2026", "29. Dezember 2026"), in the reader's time zone (UTC when they chose
		 * none); empty when not paused.
		 */
		public String pausedUntilDate(String languageTag) {
			if (pausedUntil == null) {
				return "";
			}
			ZoneId zone = timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
			return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
				.withLocale(Locale.forLanguageTag(languageTag))
				.format(pausedUntil.atZone(zone));
		}

	}

	@Transactional(readOnly = true)
	public Optional<PreferencesPage> preferencesPage(String token) {
		ReaderTopics topics = readerTopics.getIfAvailable();
		ReaderFields fields = readerFields.getIfAvailable();
		return bySignedToken(token, subscribers::findById)
			.map(subscriber -> new PreferencesPage(mask(subscriber.getEmail().toUnicode()), subscriber.getFirstName(),
					subscriber.getStatus(), topics == null ? List.of() : topics.chosen(subscriber.getId()),
					subscriber.pausedAt(clock.instant()), subscriber.getFrequency(),
					fields == null ? Map.of() : fields.values(subscriber.getId()), subscriber.getTimeZone(),
					subscriber.isClickTracking()));
	}

	/**
	 * The reader the token names moves to this time zone (one of
	 * {@link ReaderTimeZones#REGIONS}, checked by the caller; null: the list's), with a
	 * line in their history. False when the token is not ours.
	 */
	@Transactional
	public boolean chooseTimeZone(String token, String zone) {
		Optional<Subscriber> found = bySignedToken(token, subscribers::lockById);
		found.ifPresent(subscriber -> moveToTimeZone(subscriber, zone, null));
		return found.isPresent();
	}

	private void moveToTimeZone(Subscriber subscriber, String zone, String by) {
		if (subscriber.moveToTimeZone(zone)) {
			history(subscriber, SubscriberEvent.PREFERENCES_CHANGED, clock.instant(),
					"time zone: " + (zone == null ? "the list's" : zone) + (by == null ? "" : " (by " + by + ")"));
		}
	}

	/**
	 * Saves what the reader chose on their preference page: their first name (blank:
	 * none), topics (none: everything) and how often they want mail, with a line in their
	 * history saying what changed. False when the token is not ours. The caller validated
	 * the values.
	 */
	@Transactional
	public boolean savePreferences(String token, String firstName, List<Long> topicIds, Frequency frequency) {
		return savePreferences(token, firstName, topicIds, frequency, Map.of());
	}

	/**
	 * {@link #savePreferences(String, String, List, Frequency)} with the values of the
	 * custom fields the page shows (a blank one removes the reader's value), checked by
	 * the caller.
	 */
	@Transactional
	public boolean savePreferences(String token, String firstName, List<Long> topicIds, Frequency frequency,
			Map<String, String> fieldValues) {
		Optional<Subscriber> found = bySignedToken(token, subscribers::lockById);
		found.ifPresent(subscriber -> {
			choose(subscriber, firstName, topicIds, frequency, null);
			storeFields(subscriber, fieldValues);
		});
		return found.isPresent();
	}

	/**
	 * Stores the values that changed, with a line in the reader's history naming them.
	 */
	private void storeFields(Subscriber subscriber, Map<String, String> wanted) {
		long subscriberId = subscriber.getId();
		ReaderFields fields = readerFields.getIfAvailable();
		if (fields == null || wanted.isEmpty()) {
			return;
		}
		Map<String, String> current = fields.values(subscriberId);
		Map<String, String> labels = new LinkedHashMap<>();
		fields.defined().forEach(field -> labels.put(field.key(), field.label()));
		List<String> changed = wanted.entrySet()
			.stream()
			.filter(value -> !Objects.equals(blankToNull(value.getValue()), current.get(value.getKey())))
			.map(value -> labels.getOrDefault(value.getKey(), value.getKey()))
			.toList();
		if (!changed.isEmpty()) {
			fields.store(subscriberId, wanted);
			history(subscriber, SubscriberEvent.PREFERENCES_CHANGED, clock.instant(),
					truncate("changed: " + String.join(", ", changed), 500));
		}
	}

	/**
	 * Makes these the reader's name, topics and frequency, with a line in their history
	 * saying what changed ({@code by} who, when not the reader).
	 */
	private void choose(Subscriber subscriber, String firstName, List<Long> topicIds, Frequency frequency, String by) {
		List<String> changes = new ArrayList<>();
		String name = blankToNull(firstName);
		if (!Objects.equals(name, subscriber.getFirstName())) {
			subscriber.setFirstName(name);
			changes.add(name == null ? "first name removed" : "first name changed");
		}
		ReaderTopics topics = readerTopics.getIfAvailable();
		if (topics != null) {
			List<Long> wanted = topicIds.stream().distinct().sorted().toList();
			if (!wanted.equals(topics.chosen(subscriber.getId()))) {
				topics.choose(subscriber.getId(), wanted);
				changes.add(wanted.isEmpty() ? "topics: everything"
						: "topics: " + String.join(", ",
								topics.offered()
									.stream()
									.filter(topic -> wanted.contains(topic.id()))
									.map(ReaderTopics.Offered::name)
									.toList()));
			}
		}
		if (frequency != null && frequency != subscriber.getFrequency()) {
			subscriber.chooseFrequency(frequency);
			changes.add("how often: " + frequency.words());
		}
		if (!changes.isEmpty()) {
			history(subscriber, SubscriberEvent.PREFERENCES_CHANGED, clock.instant(),
					truncate(String.join("; ", changes) + (by == null ? "" : " (by " + by + ")"), 500));
		}
	}

	/** What the reader chose, for the admin API; empty if there is no such reader. */
	@Transactional(readOnly = true)
	public Optional<ReaderPreferences> preferences(long subscriberId) {
		ReaderTopics topics = readerTopics.getIfAvailable();
		return subscribers.findById(subscriberId)
			.map(subscriber -> new ReaderPreferences(topics == null ? List.of() : topics.chosen(subscriber.getId()),
					subscriber.getFirstName(), subscriber.getFrequency(), subscriber.pausedAt(clock.instant()),
					subscriber.getTimeZone()));
	}

	/**
	 * An admin sets what the reader chose, all of it (as their preference page would),
	 * each change a line in the reader's history saying an admin made it; empty if there
	 * is no such reader. The caller validated the values.
	 */
	@Transactional
	public Optional<ReaderPreferences> changePreferences(long subscriberId, ReaderPreferences wanted) {
		return subscribers.lockById(subscriberId).map(subscriber -> {
			choose(subscriber, wanted.firstName(), wanted.topicIds(), wanted.frequency(), "an admin");
			moveToTimeZone(subscriber, wanted.timeZone(), "an admin");
			Instant now = clock.instant();
			Instant until = wanted.pausedUntil() == null ? null : wanted.pausedUntil().truncatedTo(ChronoUnit.SECONDS);
			Instant before = subscriber.pausedAt(now);
			if (!Objects.equals(until, before)) {
				subscriber.pauseUntil(until);
				if (until == null) {
					history(subscriber, SubscriberEvent.RESUMED, now, "by an admin");
				}
				else {
					history(subscriber, SubscriberEvent.PAUSED, now, "until " + until + " (by an admin)");
				}
			}
			return subscriber;
		}).flatMap(subscriber -> preferences(subscriberId));
	}

	/** How long a reader may pause the newsletter from their preference page. */
	public static final List<Integer> PAUSE_DAYS = List.of(30, 90);

	/**
	 * Pauses the newsletter for the reader the token names, for one of
	 * {@link #PAUSE_DAYS} days (no copy is queued for them meanwhile), or resumes it with
	 * 0; false when the token is not ours.
	 */
	@Transactional
	public boolean pause(String token, int days) {
		if (days != 0 && !PAUSE_DAYS.contains(days)) {
			throw new IllegalArgumentException("A pause is for " + PAUSE_DAYS + " days");
		}
		Optional<Subscriber> found = bySignedToken(token, subscribers::lockById);
		found.ifPresent(subscriber -> {
			Instant now = clock.instant();
			if (days == 0) {
				if (subscriber.pausedAt(now) != null) {
					subscriber.pauseUntil(null);
					history(subscriber, SubscriberEvent.RESUMED, now, null);
				}
				return;
			}
			Instant until = now.plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS);
			subscriber.pauseUntil(until);
			history(subscriber, SubscriberEvent.PAUSED, now, "for " + days + " days, until " + until);
		});
		return found.isPresent();
	}

	/**
	 * The reader says whether the links they click in our e-mails may be recorded (from
	 * the next copy on), with a line in their history when it changes; false when the
	 * token is not ours.
	 */
	@Transactional
	public boolean trackClicks(String token, boolean track) {
		Optional<Subscriber> found = bySignedToken(token, subscribers::lockById);
		found.filter(subscriber -> subscriber.isClickTracking() != track).ifPresent(subscriber -> {
			subscriber.trackClicks(track);
			history(subscriber, SubscriberEvent.CLICK_TRACKING, clock.instant(),
					track ? "the links they click are recorded again" : "the links they click are no longer recorded");
		});
		return found.isPresent();
	}

	/** What a reader who asked to move to another address is told. */
	public enum AddressChange {

		/** The link is not ours. */
		UNKNOWN_LINK,
		/** That is the reader's address already: nothing to do. */
		ALREADY_YOURS,
		/**
		 * The request is taken: if the address can be theirs, a link went to it. Said
		 * alike whether it can or not (another reader has it), so that nobody learns who
		 * is subscribed.
		 */
		REQUESTED

	}

	/**
	 * The mails an address asked for by a stranger got this hour, counted together: its
	 * reader's confirmation requests and notes (if it is a reader's), and the links that
	 * would make it some reader's new address.
	 */
	private int mailsThisHourTo(EmailAddress address, Optional<Subscriber> owner, Instant now) {
		return outbox.countSince(readerId(owner), CONFIRMATION_KINDS, now.minus(HOUR))
				+ outbox.countAddressChangesTo(address.key(), now.minus(HOUR));
	}

	/**
	 * The reader (the signed token) asks to move to a new address. The new address gets a
	 * link that makes it theirs (expiring, like the sign-up's); until it is used,
	 * everything stays as it is, the old address included. An address another reader has
	 * gets no link: if that reader is subscribed, they get the note a sign-up of their
	 * address would give them, and the asker is told the same as for any other address.
	 * The new address takes its turn with the sign-ups of that address.
	 * @throws TooManyRequests when the reader asked too often this hour, or the new
	 * address had its share of mails
	 */
	@Transactional
	public AddressChange requestAddressChange(String token, EmailAddress newEmail) {
		Instant now = clock.instant();
		// the address's turn first, then the reader's row, in the order sign-ups take
		// them
		addressLocks.lock(newEmail);
		Optional<Subscriber> found = bySignedToken(token, subscribers::lockById);
		if (found.isEmpty()) {
			return AddressChange.UNKNOWN_LINK;
		}
		Subscriber subscriber = found.get();
		if (subscriber.getEmail().key().equals(newEmail.key())) {
			return AddressChange.ALREADY_YOURS;
		}
		if (events.countBySubscriberIdAndTypeAndOccurredAtAfter(subscriber.getId(),
				SubscriberEvent.ADDRESS_CHANGE_REQUESTED, now.minus(HOUR)) >= properties.mailsPerAddressPerHour()) {
			throw new TooManyRequests(
					"You asked to change your address several times in the last hour. Please check "
							+ "the new address's inbox (and spam folder), or try again later.",
					"tooMany.addressChanges", HOUR);
		}
		Optional<Subscriber> owner = subscribers.findByEmailKey(newEmail.key());
		if (mailsThisHourTo(newEmail, owner, now) >= properties.mailsPerAddressPerHour()) {
			throw new TooManyRequests(
					"That address was sent several confirmation e-mails in the last hour. Please "
							+ "check its inbox (and spam folder), or try again later.",
					"tooMany.newAddressMails", HOUR);
		}
		events.insert(new SubscriberEvent(subscriber.getId(), SubscriberEvent.ADDRESS_CHANGE_REQUESTED, now,
				"to " + newEmail.toUnicode()));
		if (owner.isPresent()) {
			Subscriber other = owner.get();
			if (other.getStatus() == SubscriberStatus.CONFIRMED
					&& !mailedJustNow(other, ReaderMails.ALREADY_SUBSCRIBED, now)) {
				events.insert(new SubscriberEvent(other.getId(), SubscriberEvent.ALREADY_SUBSCRIBED, now,
						"asked for as another reader's new address: no change"));
				mails.alreadySubscribed(other);
			}
			log.info("Subscriber {} asked to move to an address another reader has; nothing changed",
					subscriber.getId());
			return AddressChange.REQUESTED;
		}
		String confirmation = ConfirmationTokens.newToken();
		subscriber.requestAddressChange(newEmail, ConfirmationTokens.hash(confirmation),
				now.plus(properties.confirmationValidity()));
		mails.confirmAddress(subscriber, newEmail, confirmation);
		return AddressChange.REQUESTED;
	}

	/** What the page of a link mailed to a new address shows: that address, masked. */
	public record PendingAddress(String maskedNewEmail) {
	}

	/** The address change the link confirms, if the link works. */
	@Transactional(readOnly = true)
	public Optional<PendingAddress> pendingAddress(String token) {
		if (!ConfirmationTokens.plausible(token)) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		return subscribers.findByNewEmailTokenHash(ConfirmationTokens.hash(token))
			.map(subscriber -> subscriber.newAddressValidAt(now))
			.map(address -> new PendingAddress(mask(address.toUnicode())));
	}

	/** What came of a click on the link mailed to a new address. */
	public enum AddressConfirmation {

		/** The address is the reader's now. */
		CHANGED,
		/** The link does not work (forged, run out, replaced, or used already). */
		INVALID,
		/**
		 * Another reader got the address meanwhile: nothing changed. Said to whoever
		 * reads mail at that address, who knows.
		 */
		TAKEN

	}

	/**
	 * Makes the new address the reader's, once: the link is single use, and a second
	 * click at the same moment waits for the first, then finds it used. The old address
	 * gets a note that it changed; the reader's history says from what to what.
	 */
	@Transactional
	public AddressConfirmation confirmAddressChange(String token) {
		if (!ConfirmationTokens.plausible(token)) {
			return AddressConfirmation.INVALID;
		}
		String hash = ConfirmationTokens.hash(token);
		// the address without loading the reader, whose row is read only once locked
		Optional<String> wanted = subscribers.newEmailByTokenHash(hash);
		if (wanted.isEmpty()) {
			return AddressConfirmation.INVALID;
		}
		EmailAddress newEmail = new EmailAddress(wanted.get());
		addressLocks.lock(newEmail);
		Instant now = clock.instant();
		Optional<Subscriber> found = subscribers.lockByNewEmailTokenHash(hash)
			.filter(subscriber -> newEmail.equals(subscriber.newAddressValidAt(now)));
		if (found.isEmpty()) {
			return AddressConfirmation.INVALID;
		}
		Subscriber subscriber = found.get();
		if (subscribers.findByEmailKey(newEmail.key())
			.filter(other -> !other.getId().equals(subscriber.getId()))
			.isPresent()) {
			return AddressConfirmation.TAKEN;
		}
		EmailAddress old = subscriber.changeAddress(now);
		suppressions.lift(newEmail);
		history(subscriber, SubscriberEvent.ADDRESS_CHANGED, now,
				"from " + old.toUnicode() + " to " + newEmail.toUnicode());
		mails.addressChanged(old, subscriber, mask(newEmail.toUnicode()));
		log.info("Subscriber {} changed their address", subscriber.getId());
		return AddressConfirmation.CHANGED;
	}

	/**
	 * Mails the reader everything we hold about them, as JSON; false when the token is
	 * not ours.
	 * @throws TooManyRequests when the reader was sent their data several times this hour
	 */
	@Transactional
	public boolean requestDataExport(String token) {
		Optional<Subscriber> found = bySignedToken(token, subscribers::findById);
		found.ifPresent(subscriber -> {
			Instant now = clock.instant();
			if (outbox.countSince(subscriber.getId(), List.of(ReaderMails.DATA_EXPORT), now.minus(HOUR)) >= properties
				.mailsPerAddressPerHour()) {
				throw new TooManyRequests(
						"Your data was e-mailed to you several times in the last hour. Please check your inbox, or "
								+ "try again later.",
						"tooMany.dataExports", HOUR);
			}
			events.insert(new SubscriberEvent(subscriber.getId(), SubscriberEvent.EXPORT_REQUESTED, now, null));
			mails.dataExport(subscriber,
					DataExport.json(subscriber, topicNames(subscriber.getId()), fieldValues(subscriber.getId()),
							consents.findBySubscriberIdOrderByGivenAt(subscriber.getId()),
							events.findBySubscriberIdOrderByOccurredAt(subscriber.getId()),
							sentArticles.sentTo(subscriber.getId()), clicks.ofReader(subscriber.getId()),
							clicks.opensOf(subscriber.getId())));
		});
		return found.isPresent();
	}

	/** The reader's custom field values, key to value. */
	private Map<String, String> fieldValues(long subscriberId) {
		ReaderFields fields = readerFields.getIfAvailable();
		return fields == null ? Map.of() : fields.values(subscriberId);
	}

	/** The names of the topics the reader chose; empty: everything. */
	private List<String> topicNames(long subscriberId) {
		ReaderTopics topics = readerTopics.getIfAvailable();
		if (topics == null) {
			return List.of();
		}
		List<Long> chosen = topics.chosen(subscriberId);
		return topics.offered()
			.stream()
			.filter(topic -> chosen.contains(topic.id()))
			.map(ReaderTopics.Offered::name)
			.toList();
	}

	private Optional<Subscriber> bySignedToken(String token, Function<Long, Optional<Subscriber>> byId) {
		return links.verify("unsubscribe", token)
			.flatMap(signed -> byId.apply(signed.id()).filter(s -> s.getTokenVersion() == signed.version()));
	}

	/**
	 * Erases a reader's personal data (profile, consents, history, queued mail, what they
	 * were sent), keeping only a hash of the address so that an import cannot add them
	 * back unnoticed.
	 * @return false if there is no such reader
	 */
	@Transactional
	public boolean erase(long subscriberId) {
		Optional<Subscriber> found = subscribers.lockById(subscriberId);
		found.ifPresent(subscriber -> {
			suppressions.suppress(subscriber.getEmail(), "ERASED", clock.instant());
			outbox.forgetSubscriber(subscriberId);
			sentArticles.forget(subscriberId);
			subscribers.delete(subscriber);
			log.info("Subscriber {} erased; a hash of the address stays on the suppression list", subscriberId);
		});
		return found.isPresent();
	}

	/**
	 * The reader's mailbox refused our mail for good (a 5xx during the SMTP transaction,
	 * a hard bounce reported later): they are marked bounced and get nothing more until
	 * they subscribe again and confirm; a reader who left stays so. Runs in the caller's
	 * transaction, with the record of what was said.
	 * @param detail what was said, for the reader's history
	 * @return whether the reader was there and is bounced now because of this
	 */
	@Transactional
	public boolean markBounced(long subscriberId, String detail) {
		return subscribers.lockById(subscriberId).map(subscriber -> {
			Instant now = clock.instant();
			if (!subscriber.bounce(now)) {
				return false;
			}
			history(subscriber, SubscriberEvent.BOUNCED, now, truncate(detail, 500));
			log.info("Subscriber {} bounced: {}", subscriber.getId(), detail);
			return true;
		}).orElse(false);
	}

	/**
	 * A soft bounce (a full mailbox, a server down): noted in the reader's history;
	 * whether enough of them make the reader bounced is the caller's policy.
	 */
	@Transactional
	public void noteSoftBounce(long subscriberId, String detail) {
		subscribers.findById(subscriberId)
			.ifPresent(subscriber -> events.insert(new SubscriberEvent(subscriber.getId(), SubscriberEvent.SOFT_BOUNCED,
					clock.instant(), truncate(detail, 500))));
	}

	/**
	 * The reader called our mail spam: unsubscribed with the reason "complaint", and the
	 * address suppressed so that no import adds it back; only the reader, subscribing
	 * again and confirming, lifts that.
	 * @return whether the reader was there
	 */
	@Transactional
	public boolean markComplained(long subscriberId, String detail) {
		return subscribers.lockById(subscriberId).map(subscriber -> {
			Instant now = clock.instant();
			subscriber.unsubscribe("complaint", now);
			suppressions.suppress(subscriber.getEmail(), "COMPLAINT", now);
			history(subscriber, SubscriberEvent.COMPLAINED, now, truncate(detail, 500));
			log.info("Subscriber {} complained; unsubscribed and suppressed", subscriber.getId());
			return true;
		}).orElse(false);
	}

	/** Whether an address is on the suppression list (an admin erased it). */
	@Transactional(readOnly = true)
	public boolean isSuppressed(EmailAddress email) {
		return suppressions.contains(email);
	}

	/** A reader as the admin API shows them. */
	public record SubscriberView(long id, String email, String firstName, SubscriberStatus status, Instant createdAt,
			Instant confirmedAt, Instant unsubscribedAt) {
	}

	@Transactional(readOnly = true)
	public Optional<SubscriberView> find(long id) {
		return subscribers.findById(id).map(Subscriptions::view);
	}

	@Transactional(readOnly = true)
	public Optional<SubscriberView> findByEmail(EmailAddress email) {
		return subscribers.findByEmailKey(email.key()).map(Subscriptions::view);
	}

	private static SubscriberView view(Subscriber s) {
		return new SubscriberView(s.getId(), s.getEmail().toUnicode(), s.getFirstName(), s.getStatus(),
				s.getCreatedAt(), s.getConfirmedAt(), s.getUnsubscribedAt());
	}

	/** A reader, as a newsletter is addressed to them. */
	public record Reader(long id, String email, String firstName, int tokenVersion) {
	}

	/** One reader, for a preview addressed to them; empty if unknown. */
	@Transactional(readOnly = true)
	public Optional<Reader> reader(long id) {
		return subscribers.findById(id)
			.map(s -> new Reader(s.getId(), s.getEmail().value(), s.getFirstName(), s.getTokenVersion()));
	}

	/**
	 * Deletes readers who never confirmed within the allowed time and whose latest link
	 * has run out; returns how many.
	 */
	@Scheduled(fixedDelayString = "${glowletter.subscription.purge-interval:1h}",
			initialDelayString = "${glowletter.subscription.purge-initial-delay:1m}")
	@Transactional
	public int purgeUnconfirmed() {
		Instant now = clock.instant();
		Instant cutoff = now.minus(properties.purgeUnconfirmedAfter());
		List<Long> stale = subscribers.neverConfirmedPendingSince(cutoff, now);
		// the mail sent to them holds their address and name: it goes with them
		stale.forEach(outbox::forgetSubscriber);
		subscribers.deleteAllByIdInBatch(stale);
		int returned = subscribers.returnStalePendingToUnsubscribed(cutoff, now);
		if (!stale.isEmpty() || returned > 0) {
			log.info("Purged {} never-confirmed subscriber(s); {} former reader(s) who did not reconfirm are "
					+ "unsubscribed again", stale.size(), returned);
		}
		return stale.size();
	}

	/**
	 * "anna@example.org" becomes "a***@example.org": enough to recognise, not to harvest.
	 */
	static String mask(String email) {
		int at = email.lastIndexOf('@');
		return email.charAt(0) + "***" + email.substring(at);
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	private static String truncate(String value, int max) {
		return value == null || value.length() <= max ? value : value.substring(0, max);
	}

	/**
	 * A line in the reader's history; a change that webhooks report is also published, in
	 * this transaction, as a {@link SubscriberChanged}.
	 */
	private void history(Subscriber subscriber, String type, Instant at, String detail) {
		events.insert(new SubscriberEvent(subscriber.getId(), type, at, detail));
		SubscriberChanged.Change change = switch (type) {
			case SubscriberEvent.CONFIRMED -> SubscriberChanged.Change.CONFIRMED;
			case SubscriberEvent.UNSUBSCRIBED -> SubscriberChanged.Change.UNSUBSCRIBED;
			case SubscriberEvent.BOUNCED -> SubscriberChanged.Change.BOUNCED;
			case SubscriberEvent.COMPLAINED -> SubscriberChanged.Change.COMPLAINED;
			default -> SubscriberChanged.Change.UPDATED;
		};
		publisher.publishEvent(new SubscriberChanged(subscriber.getId(), subscriber.getEmail().toUnicode(),
				subscriber.getFirstName(), subscriber.getStatus(), change, detail, at));
	}

}
