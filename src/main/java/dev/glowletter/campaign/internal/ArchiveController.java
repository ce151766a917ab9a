package dev.glowletter.campaign.internal;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import dev.glowletter.GlowletterProperties;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The public archive: {@code /archive} lists the published issues, newest first,
 * {@code /archive/{id}-{slug}} shows one, {@code /archive/feed.xml} is their RSS 2.0
 * feed. Open to everyone (the pages security chain lets every other path through); only
 * what an editor published is found, anything else is the 404 page. Each answer may be
 * kept five minutes by any cache, and {@link ArchiveCaching} gives it an ETag.
 *
 * <p>
 * The e-mail's HTML styles with inline {@code style} attributes, which the site's CSP
 * ({@code style-src 'self'}) forbids, and a {@code srcdoc} frame would inherit that
 * policy. So the issue's page (the site's look, its title and Open Graph tags) frames
 * {@code /archive/{id}/email.html}, which is served with a policy of its own, the
 * view-in-browser page's: inline styles, images, nothing else, no script, and
 * {@code sandbox} even when opened on its own.
 */
@Controller
class ArchiveController {

	static final int PAGE_SIZE = 20;

	static final int FEED_SIZE = 20;

	/** The farthest page asked for: beyond, the offset is no number a database takes. */
	private static final int LAST_PAGE = 100_000;

	static final CacheControl CACHE = CacheControl.maxAge(300, TimeUnit.SECONDS).cachePublic();

	/**
	 * The e-mail: inline styles and images, no script, in a sandbox whose links open as
	 * pages.
	 */
	static final String EMAIL_CSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; "
			+ "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; "
			+ "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

	private static final Pattern ISSUE = Pattern.compile("(\\d{1,18})(?:-([a-z0-9-]{0,100}))?");

	private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME;

	private final PublicArchive archive;

	private final GlowletterProperties properties;

	private final MessageSource messages;

	ArchiveController(PublicArchive archive, GlowletterProperties properties, MessageSource messages) {
		this.messages = messages;
		this.archive = archive;
		this.properties = properties;
	}

	@GetMapping("/archive")
	String list(@RequestParam(defaultValue = "1") int page, Model model, HttpServletResponse response) {
		int count = archive.count();
		int pages = Math.max(1, (count + PAGE_SIZE - 1) / PAGE_SIZE);
		if (page < 1 || page > pages || page > LAST_PAGE) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		model.addAttribute("list", properties.list());
		model.addAttribute("issues", archive.page((long) (page - 1) * PAGE_SIZE, PAGE_SIZE));
		model.addAttribute("page", page);
		model.addAttribute("pages", pages);
		model.addAttribute("count", count);
		model.addAttribute("canonical", properties.link(page == 1 ? "/archive" : "/archive?page=" + page));
		model.addAttribute("feed", properties.link("/archive/feed.xml"));
		model.addAttribute("description", text("archive.list.description", properties.list().name())
				+ (properties.list().description() == null ? "" : " " + properties.list().description()));
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE.getHeaderValue());
		return "archive/list";
	}

	/**
	 * One issue; its address without the subject's words, or with old ones, leads to the
	 * right one.
	 */
	@GetMapping("/archive/{key}")
	ModelAndView issue(@PathVariable String key, HttpServletResponse response) {
		Matcher parts = ISSUE.matcher(key);
		if (!parts.matches()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		ArchivedIssue issue = archive.find(Long.parseLong(parts.group(1)))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (!issue.slug().equals(parts.group(2))) {
			RedirectView canonical = new RedirectView(issue.path());
			canonical.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
			return new ModelAndView(canonical);
		}
		ModelAndView page = new ModelAndView("archive/issue");
		page.addObject("list", properties.list());
		page.addObject("issue", issue);
		page.addObject("canonical", properties.link(issue.path()));
		page.addObject("feed", properties.link("/archive/feed.xml"));
		page.addObject("description", issue.excerpt().isBlank()
				? text("archive.issue.description", properties.list().name(), issue.sentOn()) : issue.excerpt());
		response.setHeader(HttpHeaders.CACHE_CONTROL, CACHE.getHeaderValue());
		return page;
	}

	/** The issue's e-mail as published, for the frame of its page. */
	@GetMapping("/archive/{id:\\d{1,18}}/email.html")
	ResponseEntity<String> email(@PathVariable long id) {
		Optional<String> html = archive.html(id);
		if (html.isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.header("Content-Security-Policy", EMAIL_CSP)
			.header("X-Robots-Tag", "noindex")
			.cacheControl(CACHE)
			.body(html.get());
	}

	/** RSS 2.0: the latest issues, each with its page's address and its excerpt. */
	@GetMapping("/archive/feed.xml")
	ResponseEntity<String> feed() throws XMLStreamException {
		List<ArchivedIssue> issues = archive.page(0, FEED_SIZE);
		StringWriter out = new StringWriter();
		XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
		xml.writeStartDocument("UTF-8", "1.0");
		xml.writeStartElement("rss");
		xml.writeAttribute("version", "2.0");
		xml.writeNamespace("atom", "http://www.w3.org/2005/Atom");
		xml.writeStartElement("channel");
		element(xml, "title", properties.list().name());
		element(xml, "link", properties.link("/archive"));
		element(xml, "description", properties.list().description() == null
				? text("archive.feed.description", properties.list().name()) : properties.list().description());
		element(xml, "language", properties.list().locale().toLanguageTag());
		xml.writeEmptyElement("atom", "link", "http://www.w3.org/2005/Atom");
		xml.writeAttribute("href", properties.link("/archive/feed.xml"));
		xml.writeAttribute("rel", "self");
		xml.writeAttribute("type", "application/rss+xml");
		if (!issues.isEmpty()) {
			element(xml, "lastBuildDate", RFC_822.format(issues.get(0).sentAt().atOffset(ZoneOffset.UTC)));
		}
		for (ArchivedIssue issue : issues) {
			String link = properties.link(issue.path());
			xml.writeStartElement("item");
			element(xml, "title", issue.subject());
			element(xml, "link", link);
			xml.writeStartElement("guid");
			xml.writeAttribute("isPermaLink", "true");
			xml.writeCharacters(link);
			xml.writeEndElement();
			element(xml, "pubDate", RFC_822.format(issue.sentAt().atOffset(ZoneOffset.UTC)));
			element(xml, "description", issue.excerpt());
			xml.writeEndElement();
		}
		xml.writeEndElement();
		xml.writeEndElement();
		xml.writeEndDocument();
		xml.close();
		return ResponseEntity.ok()
			.contentType(new MediaType("application", "rss+xml", StandardCharsets.UTF_8))
			.cacheControl(CACHE)
			.body(out.toString());
	}

	private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
		xml.writeStartElement(name);
		xml.writeCharacters(PublicArchive.xmlSafe(text));
		xml.writeEndElement();
	}

	/** A text of the readers' bundle, in the list's language. */
	private String text(String key, Object... args) {
		return messages.getMessage(key, args, properties.list().locale());
	}

}
