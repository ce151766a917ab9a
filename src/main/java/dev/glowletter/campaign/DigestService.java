package dev.glowletter.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.glowletter.article.ArticleSummary;
import dev.glowletter.article.Articles;
import dev.glowletter.audience.Segments;
import dev.glowletter.audience.Topics;
import dev.glowletter.campaign.internal.Digest;
import dev.glowletter.campaign.internal.DigestCron;
import dev.glowletter.campaign.internal.Digests;
import dev.glowletter.delivery.SentArticles;
import dev.glowletter.rendering.Newsletters;
import dev.glowletter.rendering.RenderedNewsletter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recurring digests: their settings, and their runs. Each run makes a campaign edition of
 * the articles published since the previous edition (never one article twice in a series)
 * and schedules it at once, or records that it skipped because there was nothing new.
 */
@Service
public class DigestService {

	private static final Logger log = LoggerFactory.getLogger(DigestService.class);

	/** The length of the digest.cron column. */
	private static final int MAX_CRON = 100;

	private static final DateTimeFormatter SUBJECT_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

	private final Digests digests;

	private final Articles articles;

	private final CampaignService campaigns;

	private final Topics topics;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Segments segments;

	private final SentArticles sentArticles;

	DigestService(Digests digests, Articles articles, CampaignService campaigns, Topics topics, JdbcClient jdbc,
			TransactionTemplate transactions, Segments segments, SentArticles sentArticles, Clock clock) {
		this.segments = segments;
		this.sentArticles = sentArticles;
		this.digests = digests;
		this.articles = articles;
		this.campaigns = campaigns;
		this.topics = topics;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * A digest as the API shows it, with its next three runs and its last result.
	 *
	 * @param cadence WEEKLY, MONTHLY or NONE: which readers besides those who want every
	 * issue its editions reach
	 * @param cadenceFromSchedule whether that follows the cron (the admin chose none)
	 * @param topicIds the topics it is for; empty: all articles, everyone
	 * @param segmentId the segment its editions are for; none: everyone
	 * @param personal whether each reader gets only what they have not received yet
	 * @param readersLocalTime whether the cron's time is each reader's (nextRuns are then
	 * that time as the digest's zone reads it)
	 */
	public record DigestView(long id, String name, String cron, String timeZone, String template, String subjectPattern,
			String intro, int maxArticles, boolean enabled, List<Instant> nextRuns, Instant coveredUntil,
			RunView lastRun, String cadence, boolean cadenceFromSchedule, List<Long> topicIds, Long segmentId,
			boolean personal, boolean readersLocalTime) {
	}

	/** One run: the slot it was for, what came of it, and why. */
	public record RunView(Instant slot, Instant ranAt, String outcome, Long campaignId, String reason) {
	}

	@Transactional
	public DigestView create(DigestSettings settings) {
		validate(settings);
		return view(digests.save(new Digest(settings, clock.instant())));
	}

	@Transactional
	public DigestView update(long id, DigestSettings settings) {
		validate(settings);
		Digest digest = find(id);
		digest.apply(settings, clock.instant());
		return view(digest);
	}

	@Transactional(readOnly = true)
	public DigestView get(long id) {
		return view(find(id));
	}

	@Transactional(readOnly = true)
	public List<DigestView> list() {
		return digests.findAll(Sort.by("id")).stream().map(this::view).toList();
	}

	@Transactional
	public DigestView enable(long id) {
		Digest digest = find(id);
		digest.enable(clock.instant());
		return view(digest);
	}

	@Transactional
	public DigestView disable(long id) {
		Digest digest = find(id);
		digest.disable();
		return view(digest);
	}

	/**
	 * The next {@code count} runs of a cron expression in a zone, for the cron helper.
	 * @throws InvalidCampaign naming "cron" or "timeZone" when either is wrong
	 */
	public List<Instant> nextRuns(String cron, String timeZone, int count) {
		Map<String, String> problems = new LinkedHashMap<>();
		try {
			DigestCron.parse(cron);
		}
		catch (IllegalArgumentException ex) {
			problems.put("cron", ex.getMessage());
		}
		try {
			ZoneId.of(timeZone == null ? "" : timeZone);
		}
		catch (DateTimeException ex) {
			problems.put("timeZone", "Give a time zone name such as \"Europe/Paris\" or \"UTC\".");
		}
		if (!problems.isEmpty()) {
			throw new InvalidCampaign(problems);
		}
		return DigestCron.of(cron, timeZone).nextRuns(clock.instant(), Math.min(Math.max(1, count), 10));
	}

	@Transactional(readOnly = true)
	public List<RunView> runs(long id) {
		find(id);
		return jdbc
			.sql("SELECT slot, ran_at, outcome, campaign_id, reason FROM digest_run WHERE digest_id = ? ORDER BY id "
					+ "DESC")
			.param(id)
			.query(DigestService::run)
			.list();
	}

	/**
	 * Makes an edition now, whatever the schedule says; it goes to everyone at once, also
	 * for a digest at each reader's local time.
	 */
	public RunView runNow(long id) {
		find(id);
		return transactions.execute(status -> edition(id, clock.instant(), null));
	}

	/**
	 * Runs every digest whose time has come, once per slot across instances: the instance
	 * that moves a digest's next run time on (compare-and-set) runs it. A digest missed
	 * while the service was down runs once, and its next run is the next slot after now:
	 * no burst.
	 */
	public int runDue() {
		Instant now = clock.instant();
		record Due(long id, OffsetDateTime slot, String cron, String zone, boolean readersLocalTime) {
		}
		List<Due> due = jdbc
			.sql("SELECT id, next_run_at, cron, time_zone, readers_local_time FROM digest WHERE enabled = TRUE AND "
					+ "next_run_at <= ?")
			.param(now.atOffset(ZoneOffset.UTC))
			.query((rs, row) -> new Due(rs.getLong("id"), rs.getObject("next_run_at", OffsetDateTime.class),
					rs.getString("cron"), rs.getString("time_zone"), rs.getBoolean("readers_local_time")))
			.list();
		int ran = 0;
		for (Due digest : due) {
			DigestCron cron = DigestCron.of(digest.cron(), digest.zone());
			Instant next = digest.readersLocalTime() ? cron.nextEarlyRun(now) : cron.next(now);
			Boolean won = transactions.execute(status -> {
				int moved = jdbc
					.sql("UPDATE digest SET next_run_at = :next, version = version + 1 WHERE id = :id AND next_run_at "
							+ "= :slot")
					.param("next", next == null ? null : next.atOffset(ZoneOffset.UTC))
					.param("id", digest.id())
					.param("slot", digest.slot())
					.update();
				if (moved == 1) {
					Instant run = digest.slot().toInstant();
					if (digest.readersLocalTime()) {
						// the run is early: the slot's time comes first in the first zone
						edition(digest.id(), cron.slotOfEarlyRun(run), DigestCron.wallClockOfEarlyRun(run));
					}
					else {
						edition(digest.id(), run, null);
					}
				}
				return moved == 1;
			});
			if (Boolean.TRUE.equals(won)) {
				ran++;
			}
		}
		return ran;
	}

	/**
	 * How far back a personal edition looks: a reader who joined recently gets the best
	 * of these weeks rather than an empty mail.
	 */
	static final Duration PERSONAL_WINDOW = Duration.ofDays(56);

	/** The most articles a personal edition's pool holds, newest first. */
	private static final int PERSONAL_POOL = 100;

	/**
	 * Makes the edition of a slot.
	 * @param readersWallClock for a digest at each reader's local time, the date and time
	 * each reader's copy waits for in their zone; null: at once
	 */
	private RunView edition(long digestId, Instant slot, LocalDateTime readersWallClock) {
		Digest digest = find(digestId);
		if (digest.isPersonal()) {
			return personalEdition(digest, slot, readersWallClock);
		}
		Instant now = clock.instant();
		// the edition's readers are chosen by the digest's cadence when it is sent
		digest.followSchedule(now);
		Set<Long> already = new HashSet<>(jdbc.sql("SELECT article_id FROM digest_article WHERE digest_id = ?")
			.param(digestId)
			.query(Long.class)
			.list());
		List<ArticleSummary> candidates = articles.publishedSince(digest.getCoveredUntil(), 200)
			.stream()
			.filter(a -> !already.contains(a.id()) && !a.publishedAt().toInstant().isAfter(now))
			.toList();
		List<Long> forTopics = digest.getTopicIds();
		if (!forTopics.isEmpty()) {
			Set<Long> inTopics = new HashSet<>(
					topics.articlesInAny(forTopics, candidates.stream().map(ArticleSummary::id).toList()));
			candidates = candidates.stream().filter(a -> inTopics.contains(a.id())).toList();
		}
		List<ArticleSummary> fresh = candidates.stream().limit(digest.getMaxArticles()).toList();
		if (fresh.isEmpty()) {
			String reason = "No new articles " + (forTopics.isEmpty() ? "" : "in its topics ") + "since "
					+ digest.getCoveredUntil() + ".";
			log.info("Digest {}: skipped the run for {}: {}", digestId, slot, reason);
			return record(digestId, slot, now, "SKIPPED", null, reason);
		}
		ZoneId zone = ZoneId.of(digest.getTimeZone());
		String subject = digest.getSubjectPattern().replace("{date}", SUBJECT_DATE.format(slot.atZone(zone)));
		CampaignContent content = new CampaignContent(subject, fresh.get(0).title(), digest.getIntro(),
				digest.getTemplate(), fresh.stream().map(ArticleSummary::id).toList(), forTopics,
				digest.getSegmentId());
		try {
			CampaignView edition = campaigns.createScheduled(content, digestId, zone.getId(), null, readersWallClock);
			fresh.forEach(a -> jdbc.sql("INSERT INTO digest_article (digest_id, article_id) VALUES (?, ?)")
				.params(digestId, a.id())
				.update());
			digest.covered(now);
			log.info("Digest {}: edition {} with {} article(s) for {}", digestId, edition.id(), fresh.size(), slot);
			return record(digestId, slot, now, "CREATED", edition.id(), fresh.size() + " new article(s).");
		}
		catch (InvalidCampaign ex) {
			log.warn("Digest {}: the edition for {} could not be made: {}", digestId, slot, ex.getMessage());
			return record(digestId, slot, now, "FAILED", null, ex.getMessage());
		}
	}

	/**
	 * A personal edition: its pool is the articles of the last weeks (in the digest's
	 * topics), newest first; the queue fill gives each reader the newest they have not
	 * received, up to the digest's maximum, and skips who has nothing new.
	 */
	private RunView personalEdition(Digest digest, Instant slot, LocalDateTime readersWallClock) {
		long digestId = digest.getId();
		Instant now = clock.instant();
		digest.followSchedule(now);
		List<ArticleSummary> pool = personalPool(digest, now);
		List<Long> forTopics = digest.getTopicIds();
		if (pool.isEmpty()) {
			String reason = "No articles " + (forTopics.isEmpty() ? "" : "in its topics ") + "in the last "
					+ PERSONAL_WINDOW.toDays() / 7 + " weeks.";
			log.info("Digest {}: skipped the run for {}: {}", digestId, slot, reason);
			return record(digestId, slot, now, "SKIPPED", null, reason);
		}
		ZoneId zone = ZoneId.of(digest.getTimeZone());
		String subject = digest.getSubjectPattern().replace("{date}", SUBJECT_DATE.format(slot.atZone(zone)));
		// no preheader: each reader's first article is their own
		CampaignContent content = new CampaignContent(subject, null, digest.getIntro(), digest.getTemplate(),
				pool.stream().map(ArticleSummary::id).toList(), forTopics, digest.getSegmentId());
		try {
			CampaignView edition = campaigns.createScheduled(content, digestId, zone.getId(), digest.getMaxArticles(),
					readersWallClock);
			digest.covered(now);
			log.info("Digest {}: personal edition {} from {} article(s) for {}", digestId, edition.id(), pool.size(),
					slot);
			return record(digestId, slot, now, "CREATED", edition.id(), "Personal: up to " + digest.getMaxArticles()
					+ " of " + pool.size() + " article(s) per reader, those they have not received.");
		}
		catch (InvalidCampaign ex) {
			log.warn("Digest {}: the edition for {} could not be made: {}", digestId, slot, ex.getMessage());
			return record(digestId, slot, now, "FAILED", null, ex.getMessage());
		}
	}

	/**
	 * A personal edition's pool: the articles of the last weeks, in the digest's topics,
	 * newest first.
	 */
	private List<ArticleSummary> personalPool(Digest digest, Instant now) {
		List<ArticleSummary> pool = articles.publishedSince(now.minus(PERSONAL_WINDOW), PERSONAL_POOL)
			.stream()
			.filter(a -> !a.publishedAt().toInstant().isAfter(now))
			.toList();
		List<Long> forTopics = digest.getTopicIds();
		if (!forTopics.isEmpty()) {
			Set<Long> inTopics = new HashSet<>(
					topics.articlesInAny(forTopics, pool.stream().map(ArticleSummary::id).toList()));
			pool = pool.stream().filter(a -> inTopics.contains(a.id())).toList();
		}
		return pool;
	}

	/**
	 * What one sample reader of a personal digest would get if it ran now.
	 *
	 * @param sample "longest-standing" (the reader who confirmed first) or "newest"
	 * @param titles the titles of their articles, newest first; empty: they would be
	 * skipped, having received them all
	 * @param articleIds those articles' ids, in the same order
	 */
	public record PersonalSample(String sample, String email, Instant confirmedAt, List<String> titles,
			List<Long> articleIds) {

		/** The ids as the preview's address lists them, e.g. "12,9,4". */
		public String articleList() {
			return String.join(",", articleIds.stream().map(String::valueOf).toList());
		}
	}

	/**
	 * A sample reader's personal edition as they would get it now: the digest's subject,
	 * intro and template around these of its articles (in this order).
	 */
	@Transactional(readOnly = true)
	public RenderedNewsletter samplePreview(long id, List<Long> articleIds) {
		Digest digest = find(id);
		String subject = digest.getSubjectPattern()
			.replace("{date}", SUBJECT_DATE.format(clock.instant().atZone(ZoneId.of(digest.getTimeZone()))));
		return campaigns.preview(new CampaignContent(subject, null, digest.getIntro(), digest.getTemplate(), articleIds,
				List.of(), null));
	}

	/**
	 * The personal digest's preview: its longest-standing and its newest reader, side by
	 * side, with what each would get now; empty for a digest that is not personal.
	 */
	@Transactional(readOnly = true)
	public List<PersonalSample> personalPreview(long id) {
		Digest digest = find(id);
		if (!digest.isPersonal()) {
			return List.of();
		}
		List<ArticleSummary> pool = personalPool(digest, clock.instant());
		Map<Long, String> titles = new HashMap<>();
		pool.forEach(a -> titles.put(a.id(), a.title()));
		List<SentArticles.OwedArticles> readers = sentArticles
			.sampleReaders(pool.stream().map(ArticleSummary::id).toList(), digest.getMaxArticles());
		List<PersonalSample> samples = new ArrayList<>();
		for (int i = 0; i < readers.size(); i++) {
			SentArticles.OwedArticles reader = readers.get(i);
			samples.add(new PersonalSample(i == 0 ? "longest-standing" : "newest", reader.email(), reader.confirmedAt(),
					reader.articleIds().stream().map(titles::get).toList(), reader.articleIds()));
		}
		return samples;
	}

	private RunView record(long digestId, Instant slot, Instant now, String outcome, Long campaignId, String reason) {
		String shortReason = reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500);
		jdbc.sql("INSERT INTO digest_run (digest_id, slot, ran_at, outcome, campaign_id, reason) VALUES (?, ?, ?, ?, "
				+ "?, ?)")
			.params(digestId, slot.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), outcome, campaignId,
					shortReason)
			.update();
		return new RunView(slot, now, outcome, campaignId, shortReason);
	}

	private static RunView run(ResultSet rs, int row) throws SQLException {
		long campaignId = rs.getLong("campaign_id");
		return new RunView(rs.getObject("slot", OffsetDateTime.class).toInstant(),
				rs.getObject("ran_at", OffsetDateTime.class).toInstant(), rs.getString("outcome"),
				rs.wasNull() ? null : campaignId, rs.getString("reason"));
	}

	private Digest find(long id) {
		return digests.findById(id).orElseThrow(() -> new CampaignNotFound("digest", id));
	}

	private void validate(DigestSettings settings) {
		Map<String, String> problems = new LinkedHashMap<>();
		if (settings.name() == null || settings.name().isBlank() || settings.name().length() > 200) {
			problems.put("name", "Give the digest a name of at most 200 characters.");
		}
		if (settings.cron() != null && settings.cron().length() > MAX_CRON) {
			problems.put("cron", "Keep the cron expression to " + MAX_CRON
					+ " characters: a range (1-5) or a step (*/15) is shorter than a list.");
		}
		else {
			try {
				DigestCron.parse(settings.cron());
			}
			catch (IllegalArgumentException ex) {
				problems.put("cron", ex.getMessage());
			}
		}
		try {
			if (settings.timeZone() == null) {
				throw new DateTimeException("missing");
			}
			ZoneId.of(settings.timeZone());
		}
		catch (DateTimeException ex) {
			problems.put("timeZone", "Give a time zone name such as \"Europe/Paris\" or \"UTC\".");
		}
		if (!Newsletters.isTemplateName(settings.template())) {
			problems.put("template", "A template is named by lower-case letters, digits and dashes, e.g. \"digest\".");
		}
		if (settings.subjectPattern() == null || settings.subjectPattern().isBlank()
				|| settings.subjectPattern().length() > 300) {
			problems.put("subjectPattern",
					"Give a subject of at most 300 characters; {date} stands for the edition's date.");
		}
		else if (!CampaignService.isOneLine(settings.subjectPattern())) {
			problems.put("subjectPattern", "The subject is a single line: remove the line breaks and tabs.");
		}
		if (settings.intro() != null && settings.intro().length() > 5000) {
			problems.put("intro", "Keep the intro under 5,000 characters.");
		}
		if (settings.maxArticles() < 1 || settings.maxArticles() > 20) {
			problems.put("maxArticles", "An edition holds from 1 to 20 articles.");
		}
		List<Long> unknownTopics = topics.unknown(settings.topicIds());
		if (!unknownTopics.isEmpty()) {
			problems.put("topicIds", "These topics do not exist: " + unknownTopics + ".");
		}
		if (settings.cadence() != null && !DigestSettings.CADENCES.contains(settings.cadence())) {
			problems.put("cadence", "The cadence is WEEKLY, MONTHLY or NONE; leave it out to follow the cron.");
		}
		if (settings.segmentId() != null && !segments.exists(settings.segmentId())) {
			problems.put("segmentId", "There is no segment " + settings.segmentId() + ".");
		}
		else if (settings.segmentId() != null && !settings.topicIds().isEmpty()) {
			problems.put("segmentId", "A digest is for topics or for a segment, not both.");
		}
		if (!problems.isEmpty()) {
			throw new InvalidCampaign(problems);
		}
	}

	private DigestView view(Digest d) {
		DigestSettings s = d.settings();
		List<Instant> next = d.isEnabled() ? d.schedule().nextRuns(clock.instant(), 3) : List.of();
		RunView last = d.getId() == null ? null : jdbc
			.sql("SELECT slot, ran_at, outcome, campaign_id, reason FROM digest_run WHERE digest_id = ? ORDER BY id "
					+ "DESC FETCH FIRST 1 ROWS ONLY")
			.param(d.getId())
			.query(DigestService::run)
			.optional()
			.orElse(null);
		return new DigestView(d.getId() == null ? 0 : d.getId(), s.name(), s.cron(), s.timeZone(), s.template(),
				s.subjectPattern(), s.intro(), s.maxArticles(), s.enabled(), next, d.getCoveredUntil(), last,
				d.effectiveCadence(clock.instant()), !d.isCadenceChosen(), s.topicIds(), s.segmentId(), s.personal(),
				s.readersLocalTime());
	}

}
