package dev.glowletter.campaign;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.glowletter.audience.Fields;
import dev.glowletter.audience.Segments;
import dev.glowletter.audience.Topics;
import dev.glowletter.campaign.internal.Campaign;
import dev.glowletter.campaign.internal.CampaignProperties;
import dev.glowletter.campaign.internal.Campaigns;
import dev.glowletter.campaign.internal.NewsletterAssembly;
import dev.glowletter.campaign.internal.PublicArchive;
import dev.glowletter.delivery.CampaignDeliveries;
import dev.glowletter.delivery.DeliveryPaused;
import dev.glowletter.delivery.DeliveryProgress;
import dev.glowletter.delivery.DeliveryResumed;
import dev.glowletter.delivery.Outbox;
import dev.glowletter.rendering.NewsletterContent;
import dev.glowletter.rendering.Newsletters;
import dev.glowletter.rendering.Recipient;
import dev.glowletter.rendering.RenderedNewsletter;
import dev.glowletter.rendering.TemplateProblem;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.Subscriptions;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writing, checking and scheduling campaigns: the module's facade for admins. */
@Service
public class CampaignService {

	/** The reader a preview is addressed to when no real one is named. */
	static final Recipient SAMPLE_READER = new Recipient(0, "reader@example.org", "Alex", 1);

	static final int MAX_TEST_ADDRESSES = 5;

	/**
	 * The last year a send time may fall in: four digits, as date fields and every
	 * database column take them.
	 */
	static final int LAST_YEAR = 9999;

	private final Campaigns campaigns;

	private final NewsletterAssembly assembly;

	private final Newsletters newsletters;

	private final Subscriptions subscriptions;

	private final Outbox outbox;

	private final CampaignDeliveries deliveries;

	private final CampaignProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final Topics topics;

	private final Segments segments;

	private final Fields fields;

	private final PublicArchive archive;

	CampaignService(Campaigns campaigns, NewsletterAssembly assembly, Newsletters newsletters,
			Subscriptions subscriptions, Outbox outbox, CampaignDeliveries deliveries, CampaignProperties properties,
			Topics topics, Segments segments, Fields fields, PublicArchive archive, Clock clock,
			ApplicationEventPublisher events) {
		this.events = events;
		this.campaigns = campaigns;
		this.archive = archive;
		this.topics = topics;
		this.segments = segments;
		this.fields = fields;
		this.assembly = assembly;
		this.newsletters = newsletters;
		this.subscriptions = subscriptions;
		this.outbox = outbox;
		this.deliveries = deliveries;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	public CampaignView create(CampaignContent content, String createdBy) {
		requireWellFormed(content);
		return view(campaigns.save(new Campaign(content, createdBy, null, clock.instant())));
	}

	/**
	 * Creates a digest edition and schedules it to go at once, or, given
	 * {@code readersWallClock}, at that date and time in each reader's zone ({@code zone}
	 * for readers who gave none; a zone already past it goes at once); a personal one
	 * (each reader gets up to {@code personalArticles} of its articles they have not
	 * received) when that is not null.
	 */
	@Transactional
	CampaignView createScheduled(CampaignContent content, long digestId, String zone, Integer personalArticles,
			LocalDateTime readersWallClock) {
		Instant now = clock.instant();
		Campaign campaign = new Campaign(content, "digest " + digestId, digestId, now);
		requireReady(content);
		if (personalArticles != null) {
			campaign.personalize(personalArticles);
		}
		if (readersWallClock == null) {
			campaign.schedule(now, zone, now);
		}
		else {
			campaign.scheduleLocal(readersWallClock.toLocalDate(), readersWallClock.toLocalTime(), zone, false, now);
		}
		return view(campaigns.save(campaign));
	}

	@Transactional
	public CampaignView update(long id, CampaignContent content) {
		Campaign campaign = find(id);
		requireWellFormed(content);
		campaign.edit(content, clock.instant());
		return view(campaign);
	}

	@Transactional(readOnly = true)
	public CampaignView get(long id) {
		return view(find(id));
	}

	@Transactional(readOnly = true)
	public Page<CampaignView> list(CampaignStatus status, Pageable pageable) {
		Page<Campaign> page = status == null ? campaigns.findAll(pageable) : campaigns.findByStatus(status, pageable);
		return page.map(this::view);
	}

	/**
	 * The e-mail as a reader would get it: the named subscriber, with their custom field
	 * values, or a sample reader.
	 */
	@Transactional(readOnly = true)
	public RenderedNewsletter preview(long id, Long subscriberId) {
		Recipient recipient = subscriberId == null ? SAMPLE_READER : subscriptions.reader(subscriberId)
			.map(r -> new Recipient(r.id(), r.email(), r.firstName(), r.tokenVersion(), fields.valuesOf(r.id())))
			.orElseThrow(
					() -> new InvalidCampaign(Map.of("subscriberId", "There is no subscriber " + subscriberId + ".")));
		try {
			return newsletters.preview(assembly.assemble(find(id).content()), recipient);
		}
		catch (TemplateProblem problem) {
			throw new InvalidCampaign(Map.of("template", problem.getMessage()));
		}
	}

	/**
	 * Unsaved content as the sample reader would get it, for the editor's live preview.
	 */
	@Transactional(readOnly = true)
	public RenderedNewsletter preview(CampaignContent content) {
		requireWellFormed(content);
		try {
			return newsletters.preview(assembly.assemble(content), SAMPLE_READER);
		}
		catch (TemplateProblem problem) {
			throw new InvalidCampaign(Map.of("template", problem.getMessage()));
		}
	}

	/** Sends the campaign now to up to five addresses, marked [TEST] and not counted. */
	@Transactional
	public int sendTest(long id, List<String> addresses) {
		Map<String, String> problems = new LinkedHashMap<>();
		if (addresses == null || addresses.isEmpty()) {
			problems.put("addresses", "Name at least one address to send the test to.");
		}
		else if (addresses.size() > MAX_TEST_ADDRESSES) {
			problems.put("addresses", "A test goes to at most " + MAX_TEST_ADDRESSES + " addresses.");
		}
		List<EmailAddress> parsed = new ArrayList<>();
		if (problems.isEmpty()) {
			for (String address : addresses) {
				try {
					parsed.add(EmailAddress.parse(address));
				}
				catch (EmailAddress.Invalid ex) {
					problems.put("addresses", InvalidCampaign.quoted(address) + ": " + ex.getMessage());
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidCampaign(problems);
		}
		CampaignContent content = find(id).content();
		NewsletterContent assembled = assembly.assemble(content);
		NewsletterContent test = new NewsletterContent("[TEST] " + assembled.subject(), assembled.preheader(),
				assembled.intro(), assembled.template(), assembled.articles());
		try {
			for (EmailAddress address : parsed) {
				Recipient recipient = new Recipient(0, address.value(), null, 0);
				outbox.enqueue(newsletters.compose(test, recipient, null), "test", Outbox.Priority.TRANSACTIONAL, null);
			}
		}
		catch (TemplateProblem problem) {
			throw new InvalidCampaign(Map.of("template", problem.getMessage()));
		}
		return parsed.size();
	}

	/**
	 * When to send: a local time in a zone, or now, or a local time on a date in each
	 * reader's own zone (the {@code timeZone} for readers who gave none).
	 */
	public record Schedule(@Schema(example = "2026-12-01T09:00", type = "string") LocalDateTime sendAt,
			@Schema(example = "Europe/Paris") String timeZone,
			@Schema(description = "true sends at once; then sendAt and timeZone are left out") Boolean now,
			@Schema(description = "with date instead of sendAt: this time in each reader's time zone",
					example = "09:00") String localTime,
			@Schema(example = "2026-12-01", type = "string") LocalDate date,
			@Schema(description = "with localTime: a zone whose time has passed when scheduled goes AT_ONCE "
					+ "(the default) or the NEXT_DAY", example = "NEXT_DAY") String ifPassed,
			@Schema(description = "optional, with windowUntil: copies go only between these times of the reader's "
					+ "day; one due outside waits for the opening", example = "08:00") String windowFrom,
			@Schema(example = "20:00") String windowUntil) {

		public Schedule(LocalDateTime sendAt, String timeZone, Boolean now) {
			this(sendAt, timeZone, now, null, null, null, null, null);
		}

		/** At this time on this date in each reader's zone. */
		public static Schedule localTime(LocalDate date, String localTime, String listZone, boolean nextDayIfPassed) {
			return new Schedule(null, listZone, null, localTime, date, nextDayIfPassed ? "NEXT_DAY" : "AT_ONCE", null,
					null);
		}

		/** The same, with a sending window (null and null: at any hour). */
		public Schedule within(String from, String until) {
			return new Schedule(sendAt, timeZone, now, localTime, date, ifPassed, from, until);
		}

		boolean isLocal() {
			return !Boolean.TRUE.equals(now) && (localTime != null || date != null);
		}
	}

	/** Checks everything a send needs, then schedules; refuses naming each problem. */
	@Transactional
	public CampaignView schedule(long id, Schedule schedule) {
		Campaign campaign = find(id);
		Instant now = clock.instant();
		if (schedule != null && schedule.isLocal()) {
			return scheduleLocal(campaign, schedule, now);
		}
		Map<String, String> problems = new LinkedHashMap<>();
		Instant at = now;
		String zone = "UTC";
		if (schedule == null || !Boolean.TRUE.equals(schedule.now())) {
			if (schedule == null || schedule.sendAt() == null) {
				problems.put("sendAt",
						"Give the local time to send at, e.g. \"2026-12-01T09:00\", with a \"timeZone\", or "
								+ "{\"now\": true}.");
			}
			if (schedule == null || schedule.timeZone() == null || schedule.timeZone().isBlank()) {
				problems.put("timeZone", "Give the time zone of sendAt, e.g. \"Europe/Paris\".");
			}
			else {
				try {
					zone = ZoneId.of(schedule.timeZone()).getId();
				}
				catch (DateTimeException ex) {
					problems.put("timeZone", InvalidCampaign.quoted(schedule.timeZone())
							+ " is not a time zone; use a name such as \"Europe/Paris\".");
				}
			}
			if (problems.isEmpty()) {
				at = schedule.sendAt().atZone(ZoneId.of(zone)).toInstant();
				if (at.isBefore(now.minus(Duration.ofMinutes(1)))) {
					problems.put("sendAt", "The send time " + schedule.sendAt() + " " + zone + " is in the past.");
				}
				else if (schedule.sendAt().getYear() > LAST_YEAR) {
					problems.put("sendAt",
							"The send time " + schedule.sendAt() + " is after the year " + LAST_YEAR + ".");
				}
			}
		}
		LocalTime[] window = sendingWindow(schedule, problems);
		problems.putAll(readinessProblems(campaign.content()));
		if (!problems.isEmpty()) {
			throw new InvalidCampaign(problems);
		}
		campaign.schedule(at, zone, now);
		if (window != null) {
			campaign.limitToWindow(window[0], window[1]);
		}
		return view(campaign);
	}

	/** The latest offset of the tz database: the last zone's time. */
	private static final ZoneOffset LAST_OFFSET = ZoneOffset.ofHours(-12);

	private CampaignView scheduleLocal(Campaign campaign, Schedule schedule, Instant now) {
		Map<String, String> problems = new LinkedHashMap<>();
		LocalTime time = null;
		if (schedule.localTime() == null || schedule.localTime().isBlank()) {
			problems.put("localTime", "Give the time to send at in each reader's time zone, e.g. \"09:00\".");
		}
		else {
			try {
				time = LocalTime.parse(schedule.localTime().strip());
			}
			catch (DateTimeException ex) {
				problems.put("localTime",
						InvalidCampaign.quoted(schedule.localTime()) + " is not a time of day; write it as \"09:00\".");
			}
		}
		if (schedule.date() == null) {
			problems.put("date", "Give the date to send on in each reader's time zone, e.g. \"2026-12-01\".");
		}
		else if (schedule.date().getYear() > LAST_YEAR) {
			problems.put("date", "The date " + schedule.date() + " is after the year " + LAST_YEAR + ".");
		}
		String zone = "UTC";
		if (schedule.timeZone() == null || schedule.timeZone().isBlank()) {
			problems.put("timeZone", "Give the time zone of readers who gave none, e.g. \"Europe/Paris\".");
		}
		else {
			try {
				zone = ZoneId.of(schedule.timeZone()).getId();
			}
			catch (DateTimeException ex) {
				problems.put("timeZone", InvalidCampaign.quoted(schedule.timeZone())
						+ " is not a time zone; use a name such as \"Europe/Paris\".");
			}
		}
		boolean nextDay = "NEXT_DAY".equals(schedule.ifPassed());
		if (schedule.ifPassed() != null && !nextDay && !"AT_ONCE".equals(schedule.ifPassed())) {
			problems.put("ifPassed",
					"Say what happens to a time zone whose time has passed: \"AT_ONCE\" or " + "\"NEXT_DAY\".");
		}
		if (time != null && schedule.date() != null && !problems.containsKey("date")
				&& schedule.date().atTime(time).atOffset(LAST_OFFSET).toInstant().isBefore(now)) {
			problems.put("date", "The time " + time + " on " + schedule.date() + " has passed in every time zone.");
		}
		LocalTime[] window = sendingWindow(schedule, problems);
		problems.putAll(readinessProblems(campaign.content()));
		if (!problems.isEmpty()) {
			throw new InvalidCampaign(problems);
		}
		campaign.scheduleLocal(schedule.date(), time, zone, nextDay, now);
		if (window != null) {
			campaign.limitToWindow(window[0], window[1]);
		}
		return view(campaign);
	}

	/** The sending window asked for (opening, closing), null for none; else a problem. */
	private static LocalTime[] sendingWindow(Schedule schedule, Map<String, String> problems) {
		if (schedule == null || (blank(schedule.windowFrom()) && blank(schedule.windowUntil()))) {
			return null;
		}
		LocalTime[] window = new LocalTime[2];
		String[] given = { schedule.windowFrom(), schedule.windowUntil() };
		String[] fields = { "windowFrom", "windowUntil" };
		for (int i = 0; i < 2; i++) {
			try {
				window[i] = LocalTime.parse(given[i] == null ? "" : given[i].strip());
			}
			catch (DateTimeException ex) {
				problems.put(fields[i], "Give the sending window's " + (i == 0 ? "opening" : "closing")
						+ " as a time of day, e.g. \"" + (i == 0 ? "08:00" : "20:00") + "\", or neither.");
			}
		}
		if (window[0] != null && window[0].equals(window[1])) {
			problems.put("windowUntil", "The sending window closes when it opens; leave both out to send at any hour.");
		}
		return window[0] == null || window[1] == null || window[0].equals(window[1]) ? null : window;
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	@Transactional
	public CampaignView unschedule(long id) {
		Campaign campaign = find(id);
		campaign.unschedule(clock.instant());
		return view(campaign);
	}

	@Transactional
	public CampaignView pause(long id) {
		Campaign campaign = find(id);
		campaign.pause("Paused by an admin.", clock.instant());
		deliveries.pause(id, "Paused by an admin.");
		events.publishEvent(new CampaignPaused(id, "Paused by an admin.", clock.instant()));
		return view(campaign);
	}

	@Transactional
	public CampaignView resume(long id) {
		Campaign campaign = find(id);
		boolean started = campaign.getStartedAt() != null;
		campaign.resume(clock.instant());
		if (started) {
			deliveries.resume(id);
		}
		else {
			deliveries.start(id); // paused before it began: it starts now
		}
		return view(campaign);
	}

	@Transactional
	public CampaignView cancel(long id) {
		Campaign campaign = find(id);
		if (campaign.getStatus() == CampaignStatus.SENDING) {
			// what the "Cancel sending" button means: pause, then cancel, in one go
			campaign.pause("Paused by an admin.", clock.instant());
			deliveries.pause(id, "Paused by an admin.");
		}
		campaign.cancel(clock.instant());
		deliveries.cancel(id);
		return view(campaign);
	}

	/**
	 * The engine paused a sending campaign by itself: the campaign says so, with the
	 * reason.
	 */
	// synchronous, in the engine's transaction: the campaign and its delivery are paused
	// together or not at all
	@EventListener
	@Transactional
	void pausedByDelivery(DeliveryPaused event) {
		campaigns.findById(event.campaignId()).filter(c -> c.getStatus() == CampaignStatus.SENDING).ifPresent(c -> {
			c.pause(event.reason(), clock.instant());
			events.publishEvent(new CampaignPaused(c.getId(), event.reason(), clock.instant()));
		});
	}

	/**
	 * The engine resumed a campaign it had paused itself: the campaign is sending again.
	 */
	// synchronous, in the engine's transaction: the campaign and its delivery resume
	// together or not at all
	@EventListener
	@Transactional
	void resumedByDelivery(DeliveryResumed event) {
		campaigns.findById(event.campaignId())
			.filter(c -> c.getStatus() == CampaignStatus.PAUSED)
			.ifPresent(c -> c.resume(clock.instant()));
	}

	/**
	 * Queues again the copies that failed for good; the campaign is sending again until
	 * they are done.
	 */
	@Transactional
	public CampaignView retryFailed(long id) {
		Campaign campaign = find(id);
		campaign.retryFailed(() -> deliveries.retryFailed(id), clock.instant());
		return view(campaign);
	}

	/** The copies that failed, with the SMTP reply. */
	@Transactional(readOnly = true)
	public List<CampaignFailure> failures(long id) {
		find(id);
		return deliveries.failures(id, 200).stream().map(CampaignFailure::of).toList();
	}

	/** Why its skipped copies were skipped, with how many each, most frequent first. */
	@Transactional(readOnly = true)
	public Map<String, Integer> skipReasons(long id) {
		find(id);
		return deliveries.skipReasons(id);
	}

	/**
	 * Publishes a sent campaign in the public archive ({@code /archive}), rendered now
	 * for no reader, or takes it out. Publishing again what is published changes nothing;
	 * taking out what is not in it neither.
	 * @throws IllegalTransition when publishing a campaign that is not SENT (a draft, or
	 * one still going out)
	 * @throws InvalidCampaign when its template cannot render without a reader
	 */
	@Transactional
	public CampaignView publish(long id, boolean published) {
		Campaign campaign = find(id);
		if (!published) {
			archive.unpublish(id);
			return view(campaign);
		}
		if (campaign.getStatus() != CampaignStatus.SENT) {
			throw new IllegalTransition(id, campaign.getStatus(), "published in the archive until it is sent");
		}
		Instant sentAt = campaign.getStartedAt() != null ? campaign.getStartedAt()
				: campaign.getFinishedAt() != null ? campaign.getFinishedAt() : clock.instant();
		try {
			archive.publish(id, assembly.assemble(campaign.content()), sentAt);
		}
		catch (TemplateProblem problem) {
			throw new InvalidCampaign(
					Map.of("template", "The e-mail cannot be shown without a reader: " + problem.getMessage()));
		}
		return view(campaign);
	}

	@Transactional
	public CampaignView duplicate(long id, String by) {
		return view(campaigns.save(find(id).duplicate(by, clock.instant())));
	}

	private Campaign find(long id) {
		return campaigns.findById(id).orElseThrow(() -> new CampaignNotFound("campaign", id));
	}

	private void requireWellFormed(CampaignContent content) {
		Map<String, String> problems = new LinkedHashMap<>();
		if (content.subject() == null || content.subject().isBlank()) {
			problems.put("subject", "The subject cannot be empty.");
		}
		else if (content.subject().length() > 300) {
			problems.put("subject", "Keep the subject under 300 characters.");
		}
		else if (!isOneLine(content.subject())) {
			problems.put("subject", "The subject is a single line: remove the line breaks and tabs.");
		}
		if (content.preheader() != null && content.preheader().length() > 300) {
			problems.put("preheader", "Keep the preheader under 300 characters.");
		}
		else if (content.preheader() != null && !isOneLine(content.preheader())) {
			problems.put("preheader", "The preheader is a single line: remove the line breaks and tabs.");
		}
		if (content.intro() != null && content.intro().length() > 5000) {
			problems.put("intro", "Keep the intro under 5,000 characters.");
		}
		if (!Newsletters.isTemplateName(content.template())) {
			problems.put("template", "A template is named by lower-case letters, digits and dashes, e.g. \"digest\".");
		}
		if (content.articleIds().size() > 50) {
			problems.put("articleIds", "A campaign holds at most 50 articles.");
		}
		List<Long> unknownTopics = topics.unknown(content.topicIds());
		if (!unknownTopics.isEmpty()) {
			problems.put("topicIds", "These topics do not exist: " + unknownTopics + ".");
		}
		if (content.segmentId() != null && !content.topicIds().isEmpty()) {
			problems.put("segmentId", "A campaign is for some topics or for a segment, not both.");
		}
		else if (content.segmentId() != null && !segments.exists(content.segmentId())) {
			problems.put("segmentId", "There is no segment " + content.segmentId() + ".");
		}
		if (!problems.isEmpty()) {
			throw new InvalidCampaign(problems);
		}
	}

	/**
	 * Whether the text can go into a mail header as it is: no line break, no other
	 * control character.
	 */
	static boolean isOneLine(String text) {
		return text.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
	}

	private void requireReady(CampaignContent content) {
		Map<String, String> problems = readinessProblems(content);
		if (!problems.isEmpty()) {
			throw new InvalidCampaign(problems);
		}
	}

	/**
	 * What stops the content from being sent: empty subject, missing articles, a template
	 * that does not render.
	 */
	private Map<String, String> readinessProblems(CampaignContent content) {
		Map<String, String> problems = new LinkedHashMap<>();
		if (content.subject() == null || content.subject().isBlank()) {
			problems.put("subject", "The subject cannot be empty.");
		}
		List<Long> missing = assembly.missingArticles(content);
		if (!missing.isEmpty()) {
			problems.put("articleIds", "These articles do not exist: " + missing + ".");
		}
		if (content.articleIds().isEmpty() && (content.intro() == null || content.intro().isBlank())) {
			problems.put("articleIds", "Pick at least one article, or write an intro.");
		}
		if (problems.isEmpty()) {
			try {
				newsletters.validate(assembly.assemble(content));
			}
			catch (TemplateProblem problem) {
				problems.put("template", problem.getMessage());
			}
		}
		return problems;
	}

	CampaignView view(Campaign c) {
		DeliveryProgress sent = c.getId() == null ? null : deliveries.progress(c.getId());
		Double rate = null;
		Long eta = null;
		if (sent != null && c.getStartedAt() != null && sent.sent() > 0) {
			Instant end = c.getFinishedAt() != null ? c.getFinishedAt() : clock.instant();
			double seconds = Math.max(1, Duration.between(c.getStartedAt(), end).toMillis() / 1000.0);
			rate = Math.round(sent.sent() / seconds * 10) / 10.0;
			if (c.getStatus() == CampaignStatus.SENDING) {
				eta = (long) Math.ceil(sent.queued() / Math.max(rate, 0.1));
			}
		}
		LocalDateTime local = c.getScheduledAt() == null ? null : LocalDateTime.ofInstant(c.getScheduledAt(),
				ZoneId.of(c.getTimeZone() == null ? "UTC" : c.getTimeZone()));
		CampaignContent content = c.content();
		CampaignView.Progress progress = sent == null ? new CampaignView.Progress(0, 0, 0, 0, 0, null, null, false)
				: new CampaignView.Progress(sent.recipients(), sent.sent(), sent.failed(), sent.queued(),
						sent.skipped(), rate, eta, c.getStatus() == CampaignStatus.SENDING
								&& sent.stalledAt(clock.instant(), properties.stallAfter()));
		return new CampaignView(c.getId(), content.subject(), content.preheader(), content.intro(), content.template(),
				content.articleIds(), c.getStatus(), c.getStatusReason(), c.getScheduledAt(), c.getTimeZone(), local,
				c.getDigestId(), c.getCreatedBy(), c.getCreatedAt(), c.getUpdatedAt(), c.getStartedAt(),
				c.getFinishedAt(), progress, content.topicIds(), content.segmentId(), localSchedule(c),
				// a campaign is published once sent: a draft or a scheduled one costs no
				// query
				c.getId() == null || c.getStatus() == CampaignStatus.DRAFT || c.getStatus() == CampaignStatus.SCHEDULED
						? null : archive.url(c.getId()).orElse(null));
	}

	private CampaignView.LocalSchedule localSchedule(Campaign c) {
		return c.localRelease().map(release -> {
			List<CampaignView.ZoneWave> zones = c.getId() == null ? List.of()
					: deliveries.zoneWaves(c.getId())
						.stream()
						.map(w -> new CampaignView.ZoneWave(w.zone(), w.releaseAt(), w.queued(), w.sent(), w.failed(),
								w.skipped()))
						.toList();
			return new CampaignView.LocalSchedule(release.date(), release.time(),
					release.nextDayIfPassed() ? "NEXT_DAY" : "AT_ONCE", c.sendingWindow(),
					zones.isEmpty() ? null : zones.get(zones.size() - 1).releaseAt(), zones);
		}).orElse(null);
	}

}
