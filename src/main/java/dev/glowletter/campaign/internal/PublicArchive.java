package dev.glowletter.campaign.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.ArticleCard;
import dev.glowletter.rendering.NewsletterContent;
import dev.glowletter.rendering.Newsletters;
import dev.glowletter.rendering.RenderedNewsletter;
import dev.glowletter.subscription.LatestIssues;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The public archive's table ({@code archived_issue}, V37): the sent campaigns an editor
 * published, each rendered once when published ({@link Newsletters#archiveVersion}), so a
 * page view reads and never renders. It gives the sign-up page its latest issues,
 * remembered for a short while: that page's every view costs at most one small query a
 * minute.
 */
@Component
public class PublicArchive implements LatestIssues {

	static final Duration LATEST_KEPT = Duration.ofMinutes(1);

	private static final int EXCERPT_LENGTH = 240;

	private static final int SLUG_LENGTH = 60;

	private static final String COLUMNS = "campaign_id, subject, slug, excerpt, sent_at";

	private final JdbcClient jdbc;

	private final Newsletters newsletters;

	private final GlowletterProperties properties;

	private final Clock clock;

	/**
	 * The sending date as the list's readers write it ("29 November 2026", "29. November
	 * 2026").
	 */
	private final DateTimeFormatter date;

	private volatile Latest latest;

	/** The latest issues as last read, and when. */
	private record Latest(List<Issue> issues, int asked, Instant readAt) {
	}

	PublicArchive(JdbcClient jdbc, Newsletters newsletters, GlowletterProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.newsletters = newsletters;
		this.properties = properties;
		this.clock = clock;
		Locale locale = properties.list().locale();
		this.date = locale.getLanguage().equals("en") ? DateTimeFormatter.ofPattern("d MMMM yyyy", locale)
				: DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
	}

	/**
	 * Publishes the campaign: renders its archive version and stores it, unless it is
	 * published already (a second click, or a parallel one, changes nothing).
	 * @throws dev.glowletter.rendering.TemplateProblem when its template cannot render
	 * without a reader
	 */
	public void publish(long campaignId, NewsletterContent content, Instant sentAt) {
		if (isPublished(campaignId)) {
			return;
		}
		RenderedNewsletter web = newsletters.archiveVersion(content, properties.link("/"));
		String subject = xmlSafe(web.subject()).strip();
		jdbc.sql("""
				INSERT INTO archived_issue (campaign_id, subject, slug, excerpt, html, sent_at, published_at)
				VALUES (:id, :subject, :slug, :excerpt, :html, :sentAt, :now) ON CONFLICT DO NOTHING""")
			.param("id", campaignId)
			.param("subject", subject.length() > 1000 ? subject.substring(0, 1000) : subject)
			.param("slug", slug(subject))
			.param("excerpt", excerpt(content))
			.param("html", web.html())
			.param("sentAt", Timestamp.from(sentAt))
			.param("now", Timestamp.from(clock.instant()))
			.update();
		forgetLatestAfterCommit();
	}

	/** Takes the campaign out of the archive; false if it was not in it. */
	public boolean unpublish(long campaignId) {
		boolean removed = jdbc.sql("DELETE FROM archived_issue WHERE campaign_id = ?").param(campaignId).update() > 0;
		forgetLatestAfterCommit();
		return removed;
	}

	boolean isPublished(long campaignId) {
		return jdbc.sql("SELECT COUNT(*) FROM archived_issue WHERE campaign_id = ?")
			.param(campaignId)
			.query(Integer.class)
			.single() > 0;
	}

	/** The public address of its page, if it is published. */
	public Optional<String> url(long campaignId) {
		return jdbc.sql("SELECT slug FROM archived_issue WHERE campaign_id = ?")
			.param(campaignId)
			.query(String.class)
			.optional()
			.map(slug -> properties.link(ArchivedIssue.path(campaignId, slug)));
	}

	Optional<ArchivedIssue> find(long campaignId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM archived_issue WHERE campaign_id = ?")
			.param(campaignId)
			.query(this::issue)
			.optional();
	}

	/** Its e-mail as published. */
	Optional<String> html(long campaignId) {
		return jdbc.sql("SELECT html FROM archived_issue WHERE campaign_id = ?")
			.param(campaignId)
			.query(String.class)
			.optional();
	}

	/** Published issues, newest sent first. */
	List<ArchivedIssue> page(long offset, int limit) {
		return jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM archived_issue ORDER BY sent_at DESC, campaign_id DESC LIMIT :limit OFFSET :offset")
			.param("limit", limit)
			.param("offset", offset)
			.query(this::issue)
			.list();
	}

	int count() {
		return jdbc.sql("SELECT COUNT(*) FROM archived_issue").query(Integer.class).single();
	}

	@Override
	public List<Issue> latest(int max) {
		Latest known = latest;
		Instant now = clock.instant();
		if (known == null || known.asked() < max || now.isAfter(known.readAt().plus(LATEST_KEPT))
				|| now.isBefore(known.readAt())) {
			int asked = Math.max(max, 3);
			List<Issue> read = page(0, asked).stream().map(i -> new Issue(i.subject(), i.path(), i.sentAt())).toList();
			known = new Latest(read, asked, now);
			latest = known;
		}
		return known.issues().subList(0, Math.min(max, known.issues().size()));
	}

	/** Once the change is committed (or at once, outside a transaction). */
	private void forgetLatestAfterCommit() {
		latest = null;
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					latest = null;
				}
			});
		}
	}

	private ArchivedIssue issue(ResultSet row, int n) throws SQLException {
		Instant sentAt = row.getTimestamp("sent_at").toInstant();
		LocalDate day = sentAt.atZone(zone()).toLocalDate();
		return new ArchivedIssue(row.getLong("campaign_id"), row.getString("subject"), row.getString("slug"),
				row.getString("excerpt"), sentAt, date.format(day), day.toString());
	}

	private ZoneId zone() {
		try {
			return ZoneId.of(properties.list().timeZone());
		}
		catch (RuntimeException ex) {
			return ZoneId.of("UTC");
		}
	}

	/** The subject in lower-case ASCII words joined by dashes, for the page's address. */
	static String slug(String subject) {
		String plain = Normalizer.normalize(subject == null ? "" : subject, Normalizer.Form.NFD)
			.replaceAll("\\p{M}+", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+|-+$", "");
		if (plain.length() > SLUG_LENGTH) {
			plain = plain.substring(0, SLUG_LENGTH);
			int dash = plain.lastIndexOf('-');
			plain = dash > SLUG_LENGTH / 2 ? plain.substring(0, dash) : plain.replaceAll("-+$", "");
		}
		return plain.isEmpty() ? "issue" : plain;
	}

	/**
	 * What the list, the feed and the search engines say of an issue: its preheader, else
	 * the start of its intro, else its articles' titles.
	 */
	static String excerpt(NewsletterContent content) {
		String text;
		if (content.preheader() != null && !content.preheader().isBlank()) {
			text = content.preheader();
		}
		else if (content.intro() != null && !content.intro().isBlank()) {
			text = content.intro();
		}
		else {
			text = content.articles()
				.stream()
				.map(ArticleCard::title)
				.filter(t -> t != null && !t.isBlank())
				.collect(Collectors.joining(" · "));
		}
		text = xmlSafe(text).replaceAll("\\s+", " ").strip();
		if (text.length() > EXCERPT_LENGTH) {
			int space = text.lastIndexOf(' ', EXCERPT_LENGTH - 1);
			text = text.substring(0, space > EXCERPT_LENGTH / 2 ? space : EXCERPT_LENGTH - 1) + "…";
		}
		return text;
	}

	/**
	 * Without the characters XML 1.0 cannot carry (control characters but tab and line
	 * breaks, lone surrogates): the feed must parse.
	 */
	static String xmlSafe(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xD800)
					|| (c >= 0xE000 && c < 0xFFFE);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				out.append(c).append(text.charAt(++i));
			}
			else if (allowed) {
				out.append(c);
			}
		}
		return out.toString();
	}

}
