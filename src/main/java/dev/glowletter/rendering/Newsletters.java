package dev.glowletter.rendering;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.HeaderValues;
import dev.glowletter.rendering.internal.RenderingProperties;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * Renders newsletters: the subject (itself a small template), the HTML and the text of
 * the content's template for one reader, and the finished MIME message with the reader's
 * own unsubscribe link and headers. Templates are parsed once and cached.
 */
@Component
public class Newsletters {

	/** The purpose string of "view in browser" links. */
	private static final String VIEW_PURPOSE = "view-in-browser";

	/** The purpose string of tracked links. */
	private static final String CLICK_PURPOSE = "click";

	/** A tracked link's payload: copy, reader, campaign (8 bytes each), article (4). */
	private static final int CLICK_PAYLOAD = 28;

	/** The purpose string of open pixels. */
	private static final String OPEN_PURPOSE = "open";

	/** The purpose string of "view in browser" links of a personal edition's copies. */
	private static final String VIEW_COPY_PURPOSE = "view-copy-in-browser";

	private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

	private static final int SUBJECT_CACHE_SIZE = 256;

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

	private final EmailTemplates templates;

	private final MessageComposer composer;

	private final SignedLinks links;

	private final GlowletterProperties properties;

	private final RenderingProperties rendering;

	private final Configuration subjects;

	private final Map<String, Template> subjectCache = new ConcurrentHashMap<>();

	Newsletters(EmailTemplates templates, MessageComposer composer, SignedLinks links, GlowletterProperties properties,
			RenderingProperties rendering) {
		this.templates = templates;
		this.composer = composer;
		this.links = links;
		this.properties = properties;
		this.rendering = rendering;
		this.subjects = new Configuration(Configuration.VERSION_2_3_34);
		this.subjects.setOutputFormat(PlainTextOutputFormat.INSTANCE);
		this.subjects.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
		this.subjects.setLogTemplateExceptions(false);
		this.subjects.setLocale(Locale.ENGLISH);
		// a subject is written by an admin in a web form: it may interpolate, never reach
		// Java classes
		this.subjects.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
		this.subjects.setAPIBuiltinEnabled(false);
	}

	/**
	 * Whether the name can name a template: lower-case letters, digits and dashes (no
	 * path).
	 */
	public static boolean isTemplateName(String name) {
		return name != null && TEMPLATE_NAME.matcher(name).matches();
	}

	/**
	 * Renders the content for a sample reader, so that a template or subject that does
	 * not parse or render is found now, not mid-send.
	 * @throws TemplateProblem naming the template (or "subject"), line and column
	 */
	public void validate(NewsletterContent content) {
		preview(content, Recipient.sample());
	}

	/** The subject, HTML and text the reader would get (a sample reader has id 0). */
	public RenderedNewsletter preview(NewsletterContent content, Recipient recipient) {
		Map<String, Object> model = model(content, recipient,
				links.unsubscribeUrl(recipient.subscriberId(), recipient.tokenVersion()), null);
		return render(content, model);
	}

	/**
	 * The finished e-mail for one reader: multipart/alternative, their own unsubscribe
	 * link in the footer and in the List-Unsubscribe headers (RFC 8058 one-click).
	 * @param viewInBrowserUrl the signed web version's link (see
	 * {@link #viewInBrowserUrl}), or null
	 */
	public ComposedEmail compose(NewsletterContent content, Recipient recipient, String viewInBrowserUrl) {
		String unsubscribeUrl = links.unsubscribeUrl(recipient.subscriberId(), recipient.tokenVersion());
		Map<String, Object> model = model(content, recipient, unsubscribeUrl, viewInBrowserUrl);
		String subject = subject(content.subject(), model);
		model.put("subject", subject);
		return composer.compose(new Email(recipient.email(), recipient.firstName(), subject, content.template(), model,
				unsubscribeUrl));
	}

	/**
	 * Makes the newsletter ready for sending to many readers: rendered once, then filled
	 * in per reader (see {@link PreparedNewsletter}). Template problems show up here,
	 * before any copy.
	 */
	public PreparedNewsletter prepare(NewsletterContent content, String viewInBrowserUrl) {
		return prepare(content, viewInBrowserUrl, false);
	}

	/**
	 * As {@link #prepare(NewsletterContent, String)}; with {@code countOpens}, the HTML
	 * of a tracked copy (see {@link Recipient#copyId()}) ends with a 1×1 image whose
	 * signed address names the copy ({@code /o/<token>}).
	 */
	public PreparedNewsletter prepare(NewsletterContent content, String viewInBrowserUrl, boolean countOpens) {
		PreparedNewsletter.Shape named = shape(content, viewInBrowserUrl,
				new PreparedNewsletter.Variant(true, Set.of(), Map.of()), countOpens);
		PreparedNewsletter.Shape unnamed = shape(content, viewInBrowserUrl,
				new PreparedNewsletter.Variant(false, Set.of(), Map.of()), countOpens);
		Function<Recipient, String> unsubscribeUrls = r -> links.unsubscribeUrl(r.subscriberId(), r.tokenVersion());
		Function<Recipient, RenderedNewsletter> fullRender = r -> render(content,
				model(content, r, unsubscribeUrls.apply(r), viewInBrowserUrl, countOpens));
		Function<PreparedNewsletter.Variant, PreparedNewsletter.Shape> variants = variant -> {
			try {
				PreparedNewsletter.Shape shape = shape(content, viewInBrowserUrl, variant, countOpens);
				if (computesWithMarker(shape, variant)) {
					return shape;
				}
				return proven(shape, samples(variant), unsubscribeUrls, fullRender) ? shape : null;
			}
			catch (TemplateProblem computed) {
				// the template does more with a value than show it: such readers are
				// rendered the full way, where a real problem shows up as one
				return null;
			}
		};
		boolean fast = proven(named,
				List.of(new Recipient(1234567, "zoe.sample@example.org", TRICKY, 3, Map.of(), 99, 5),
						new Recipient(7, "bo@example.org", "Bo", 1)),
				unsubscribeUrls, fullRender)
				&& proven(unnamed, List.of(new Recipient(7654321, "sample@example.org", null, 1, Map.of(), 98, 5),
						new Recipient(42, "ann@example.org", " ", 2)), unsubscribeUrls, fullRender);
		return new PreparedNewsletter(fast ? named : null, fast ? unnamed : null, variants, fullRender, unsubscribeUrls,
				composer.clock(), properties.sender().domain(), properties.sender().from(), properties.sender().name(),
				composer.listId());
	}

	/** A step to another variant: never filled in, so nothing to prove. */
	private static boolean computesWithMarker(PreparedNewsletter.Shape shape, PreparedNewsletter.Variant variant) {
		return variant.fields().stream().anyMatch(shape.computed()::contains);
	}

	private static boolean computesWithMarker(FieldValues watched, List<String> fields) {
		return fields.stream().anyMatch(watched.computed()::contains);
	}

	/**
	 * A value that shows whether a template escapes it as the filling in does (also
	 * {@link PreparedMails}' proof).
	 */
	static final String TRICKY = "Zo\u00eb & <Co> \"x\" 'y'";

	/**
	 * Whether filling in the shape gives each sample reader, to the character, what the
	 * full render gives them.
	 */
	private static boolean proven(PreparedNewsletter.Shape shape, List<Recipient> samples,
			Function<Recipient, String> unsubscribeUrls, Function<Recipient, RenderedNewsletter> fullRender) {
		for (Recipient sample : samples) {
			if (!shape.fill(sample, unsubscribeUrls.apply(sample)).equals(fullRender.apply(sample))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Two readers of the variant, with values that differ in every way filling in could
	 * miss.
	 */
	private static List<Recipient> samples(PreparedNewsletter.Variant variant) {
		Map<String, String> tricky = new HashMap<>(variant.values());
		Map<String, String> plain = new HashMap<>(variant.values());
		int i = 0;
		for (String field : variant.fields()) {
			tricky.put(field, TRICKY + " " + i);
			plain.put(field, Integer.toString(7 + i++));
		}
		return List.of(
				new Recipient(1234567, "zoe.sample@example.org", variant.named() ? TRICKY : null, 3, tricky, 97, 5),
				new Recipient(42, "ann@example.org", variant.named() ? "Ann" : " ", 2, plain));
	}

	/**
	 * The content rendered once for a variant of readers, with markers where their values
	 * go: the name, the address, the links, the fields they have values of; the values of
	 * the fields the template computes with written in.
	 */
	@SuppressWarnings("unchecked")
	private PreparedNewsletter.Shape shape(NewsletterContent content, String viewInBrowserUrl,
			PreparedNewsletter.Variant variant, boolean countOpens) {
		List<String> fields = List.copyOf(variant.fields());
		Map<String, String> values = new HashMap<>(variant.values());
		for (int i = 0; i < fields.size(); i++) {
			values.put(fields.get(i), PreparedNewsletter.fieldMarker(i));
		}
		Recipient marker = new Recipient(0, PreparedNewsletter.EMAIL, variant.named() ? PreparedNewsletter.NAME : null,
				0, values, PreparedNewsletter.MARKER_COPY, 0);
		List<PreparedNewsletter.Hole> links = new ArrayList<>();
		if (countOpens) {
			links.add(new PreparedNewsletter.PixelSlot(r -> r.copyId() > 0 ? openPixel(r.copyId()) : ""));
		}
		for (int i = 0; i < content.articles().size(); i++) {
			ArticleCard card = content.articles().get(i);
			if (clickable(card)) {
				String straight = articleUrl(card, content.template());
				links.add(new PreparedNewsletter.LinkSlot(PreparedNewsletter.linkMarker(i),
						r -> r.copyId() > 0 ? clickUrl(r, card.id()) : straight));
			}
		}
		Map<String, Object> model = model(content, marker, PreparedNewsletter.UNSUBSCRIBE, viewInBrowserUrl,
				countOpens);
		FieldValues watched = new FieldValues(values, true);
		((Map<String, Object>) model.get("subscriber")).put("fields", watched);
		RenderedNewsletter once;
		try {
			once = render(content, model);
		}
		catch (TemplateProblem problem) {
			if (!computesWithMarker(watched, fields)) {
				throw problem;
			}
			once = null;
		}
		if (once == null || computesWithMarker(watched, fields)) {
			// the template computes with a value that was a marker: no shape to fill,
			// only
			// the step to the variant with that value written in
			PreparedNewsletter.Parts none = PreparedNewsletter.Parts.split("");
			return new PreparedNewsletter.Shape(none, none, none, watched.asked(), watched.computed());
		}
		return new PreparedNewsletter.Shape(PreparedNewsletter.Parts.split(once.subject(), fields, links),
				PreparedNewsletter.Parts.split(once.html(), fields, links),
				PreparedNewsletter.Parts.split(once.text(), fields, links), watched.asked(), watched.computed());
	}

	/**
	 * The signed link to the web version of newsletter {@code newsletterId}, served by
	 * {@link NewsletterArchive}.
	 */
	public String viewInBrowserUrl(long newsletterId) {
		return properties.link("/view/" + links.token(VIEW_PURPOSE, newsletterId, 0));
	}

	/** The newsletter a token of {@link #viewInBrowserUrl} names, if the token is one. */
	public Optional<Long> viewedNewsletter(String token) {
		return links.verify(VIEW_PURPOSE, token).map(SignedLinks.Signed::id);
	}

	/**
	 * The signed web version of one copy of a personal edition: its own articles, as a
	 * campaign's {@link #viewInBrowserUrl} shows the campaign's. Every reader owed the
	 * same articles may share one copy's link: it carries nothing personal.
	 */
	public String viewCopyUrl(long copyId) {
		return properties.link("/view/" + links.token(VIEW_COPY_PURPOSE, copyId, 0));
	}

	/** The copy a token of {@link #viewCopyUrl} names, if the token is one. */
	public Optional<Long> viewedCopy(String token) {
		return links.verify(VIEW_COPY_PURPOSE, token).map(SignedLinks.Signed::id);
	}

	/**
	 * The web version: no reader's name, and no unsubscribe link anybody who gets the
	 * link could use.
	 */
	public RenderedNewsletter webVersion(NewsletterContent content) {
		Map<String, Object> model = model(content, new Recipient(0, "", null, 0), null, null);
		model.put("footerNote", "This is the web version of an e-mail sent to the readers of "
				+ properties.list().name() + ". To unsubscribe, use the link at the end of your copy of the e-mail.");
		return render(content, model);
	}

	/**
	 * The public archive's version: rendered for no reader (no name, an empty address, no
	 * custom field values), with no unsubscribe, preference or view-in-browser link, the
	 * articles linked straight (no click tracking), no open pixel; the footer links to
	 * the sign-up page instead. Its links open in the top window, as the archive frames
	 * it.
	 * @param signUpUrl the sign-up page, e.g. {@code https://news.example.org/}
	 * @throws TemplateProblem when the template cannot render without a reader
	 */
	public RenderedNewsletter archiveVersion(NewsletterContent content, String signUpUrl) {
		Map<String, Object> model = model(content, new Recipient(0, "", null, 0), null, null);
		model.put("footerNote",
				"This is an issue of " + properties.list().name() + ", as its readers got it by e-mail.");
		model.put("signUpUrl", signUpUrl);
		RenderedNewsletter rendered = render(content, model);
		return new RenderedNewsletter(rendered.subject(), linksToTop(rendered.html()), rendered.text());
	}

	private static final Pattern HEAD = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);

	/**
	 * A {@code <base target="_top">} at the start of the head: a link clicked in the
	 * archive's frame opens as a page, not inside the frame.
	 */
	private static String linksToTop(String html) {
		Matcher head = HEAD.matcher(html);
		String base = "<base target=\"_top\">";
		return head.find() ? html.substring(0, head.end()) + base + html.substring(head.end()) : base + html;
	}

	private RenderedNewsletter render(NewsletterContent content, Map<String, Object> model) {
		String subject = subject(content.subject(), model);
		model.put("subject", subject);
		String html = templates.render(content.template() + ".ftlh", model);
		String text = templates.render(content.template() + ".ftl", model);
		return new RenderedNewsletter(subject, html, text);
	}

	private Map<String, Object> model(NewsletterContent content, Recipient recipient, String unsubscribeUrl,
			String viewInBrowserUrl) {
		return model(content, recipient, unsubscribeUrl, viewInBrowserUrl, false);
	}

	private Map<String, Object> model(NewsletterContent content, Recipient recipient, String unsubscribeUrl,
			String viewInBrowserUrl, boolean countOpens) {
		String template = content.template();
		if (!isTemplateName(template)) {
			throw new TemplateProblem(String.valueOf(template), null, null,
					"a template name is lowercase letters, digits and dashes, e.g. digest", null);
		}
		Map<String, Object> model = composer.commonModel(unsubscribeUrl);
		Map<String, Object> reader = new HashMap<>();
		reader.put("id", recipient.subscriberId());
		reader.put("email", recipient.email());
		if (recipient.firstName() != null && !recipient.firstName().isBlank()) {
			reader.put("firstName", recipient.firstName());
		}
		reader.put("fields", new FieldValues(recipient.fields()));
		model.put("subscriber", reader);
		model.put("preheader", content.preheader() == null ? "" : content.preheader());
		if (content.intro() != null && !content.intro().isBlank()) {
			model.put("intro", content.intro().strip().replace("\r\n", "\n"));
		}
		model.put("articles", cards(content, recipient));
		if (viewInBrowserUrl != null) {
			model.put("viewInBrowserUrl", viewInBrowserUrl);
		}
		if (countOpens && recipient.copyId() == PreparedNewsletter.MARKER_COPY) {
			model.put("openPixel", PreparedNewsletter.OPEN);
		}
		else if (countOpens && recipient.copyId() > 0) {
			model.put("openPixel", openPixel(recipient.copyId()));
		}
		return model;
	}

	private List<Map<String, Object>> cards(NewsletterContent content, Recipient recipient) {
		List<Map<String, Object>> cards = new ArrayList<>(content.articles().size());
		for (int i = 0; i < content.articles().size(); i++) {
			ArticleCard article = content.articles().get(i);
			Map<String, Object> card = new HashMap<>();
			card.put("title", article.title() == null ? "" : article.title());
			card.put("url", recipient.copyId() == PreparedNewsletter.MARKER_COPY && clickable(article)
					? PreparedNewsletter.linkMarker(i) : cardUrl(recipient, article, content.template()));
			card.put("excerpt", article.excerpt() == null ? "" : article.excerpt());
			putIfPresent(card, "imageUrl", webUrl(article.imageUrl()));
			putIfPresent(card, "imageAlt", article.imageAlt());
			putIfPresent(card, "author", article.author());
			if (article.publishedAt() != null) {
				card.put("published", DATE.format(article.publishedAt()));
			}
			cards.add(card);
		}
		return cards;
	}

	/**
	 * Only http(s) links reach an e-mail: no {@code javascript:} or {@code data:} link
	 * survives escaping.
	 */
	private static String webUrl(String url) {
		if (url == null) {
			return null;
		}
		String trimmed = url.strip();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		return lower.startsWith("https://") || lower.startsWith("http://") ? trimmed : null;
	}

	private static void putIfPresent(Map<String, Object> map, String key, String value) {
		if (value != null && !value.isBlank()) {
			map.put(key, value);
		}
	}

	/** The article's link with the UTM parameters when they are configured. */
	/**
	 * Where a card's link takes the reader: through the click tracker for a tracked copy
	 * ({@link #clickUrl}), else to the article (with the configured UTM parameters).
	 */
	private String cardUrl(Recipient recipient, ArticleCard article, String template) {
		return recipient.copyId() > 0 && clickable(article) ? clickUrl(recipient, article.id())
				: articleUrl(article, template);
	}

	/** The article's address as a card links to it untracked (UTM parameters added). */
	public String articleUrl(ArticleCard article, String template) {
		return tracked(webUrl(article.url()), template);
	}

	/** A card whose link can be tracked: of a stored article, with an address. */
	private boolean clickable(ArticleCard article) {
		return article.id() != null && article.id() > 0 && article.id() <= Integer.MAX_VALUE
				&& !articleUrl(article, "x").isEmpty();
	}

	/**
	 * The tracked link of an article in a campaign copy: a signed token naming the copy,
	 * its reader and campaign, and the article, never the target (the tracker looks it up
	 * in the campaign's links), so it cannot send anyone elsewhere.
	 */
	public String clickUrl(Recipient copy, long articleId) {
		if (copy.campaignId() <= 0) {
			// the copy's campaign unknown here: the tracker looks the copy up
			return properties.link("/r/" + links.token(CLICK_PURPOSE, copy.copyId(), (int) articleId));
		}
		byte[] payload = ByteBuffer.allocate(CLICK_PAYLOAD)
			.putLong(copy.copyId())
			.putLong(copy.subscriberId())
			.putLong(copy.campaignId())
			.putInt((int) articleId)
			.array();
		return properties.link("/r/" + links.token(CLICK_PURPOSE, payload));
	}

	/**
	 * What a tracked link names.
	 *
	 * @param campaignId the copy's campaign, with {@code subscriberId} its reader; both 0
	 * in a link of a mail sent before links named them (the tracker looks the copy up)
	 */
	public record ClickedLink(long copyId, long articleId, long subscriberId, long campaignId) {
	}

	/**
	 * A tracked copy's open pixel: a 1×1 image whose signed address names the copy.
	 */
	String openPixel(long copyId) {
		return "<img src=\"" + properties.link("/o/" + links.token(OPEN_PURPOSE, copyId, 0))
				+ "\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0;\">";
	}

	/** The copy a token of an open pixel names, if the token is one. */
	public Optional<Long> openedCopy(String token) {
		return links.verify(OPEN_PURPOSE, token).map(SignedLinks.Signed::id);
	}

	/** What a token of {@link #clickUrl} names, if the token is one. */
	public Optional<ClickedLink> clickedLink(String token) {
		Optional<ClickedLink> named = links.payload(CLICK_PURPOSE, token, CLICK_PAYLOAD)
			.map(payload -> new ClickedLink(payload.getLong(), payload.getInt(24), payload.getLong(8),
					payload.getLong(16)));
		return named.isPresent() ? named
				: links.verify(CLICK_PURPOSE, token).map(old -> new ClickedLink(old.id(), old.version(), 0, 0));
	}

	String tracked(String url, String template) {
		if (url == null) {
			return "";
		}
		if (rendering.utmSource() == null || rendering.utmSource().isBlank()) {
			return url;
		}
		int hash = url.indexOf('#');
		String base = hash < 0 ? url : url.substring(0, hash);
		String fragment = hash < 0 ? "" : url.substring(hash);
		String campaign = rendering.utmCampaign() != null && !rendering.utmCampaign().isBlank()
				? rendering.utmCampaign() : template;
		return base + (base.contains("?") ? "&" : "?") + "utm_source=" + encode(rendering.utmSource()) + "&utm_medium="
				+ encode(rendering.utmMedium()) + "&utm_campaign=" + encode(campaign) + fragment;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
	}

	private String subject(String subject, Map<String, Object> model) {
		if (subject == null || subject.isBlank()) {
			throw new TemplateProblem("subject", null, null, "the subject is empty", null);
		}
		Template template = subjectCache.get(subject);
		if (template == null) {
			try {
				template = new Template("subject", new StringReader(subject), subjects);
			}
			catch (ParseException ex) {
				throw new TemplateProblem("subject", ex.getLineNumber(), ex.getColumnNumber(), ex.getEditorMessage(),
						ex);
			}
			catch (IOException ex) {
				throw new TemplateProblem("subject", null, null, ex.getMessage(), ex);
			}
			if (subjectCache.size() >= SUBJECT_CACHE_SIZE) {
				subjectCache.clear();
			}
			subjectCache.put(subject, template);
		}
		StringWriter out = new StringWriter(subject.length() + 32);
		try {
			template.process(model, out);
		}
		catch (TemplateException ex) {
			throw new TemplateProblem("subject", ex.getLineNumber(), ex.getColumnNumber(),
					ex.getMessageWithoutStackTop(), ex);
		}
		catch (IOException ex) {
			throw new TemplateProblem("subject", null, null, ex.getMessage(), ex);
		}
		return HeaderValues.clean(out.toString());
	}

}
