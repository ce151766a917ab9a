package dev.glowletter.article.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.article.ArticleSummary;
import dev.glowletter.article.Articles;
import dev.glowletter.rendering.ArticleCard;
import dev.glowletter.rendering.NewsletterContent;
import dev.glowletter.rendering.Newsletters;
import dev.glowletter.rendering.Recipient;
import dev.glowletter.rendering.RenderedNewsletter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/previews?template=digest&articles=1,2,3}: a newsletter of those
 * articles (the five latest when none are named) rendered for a sample reader, as HTML or
 * ({@code format=text}) plain text. A template error answers 422 with the template, line
 * and column.
 */
@RestController
class DigestPreviewController {

	static final int LATEST = 5;

	private final Articles articles;

	private final Newsletters newsletters;

	private final GlowletterProperties properties;

	DigestPreviewController(Articles articles, Newsletters newsletters, GlowletterProperties properties) {
		this.articles = articles;
		this.newsletters = newsletters;
		this.properties = properties;
	}

	@GetMapping("/api/previews")
	ResponseEntity<String> preview(@RequestParam(defaultValue = "digest") String template,
			@RequestParam(required = false) String articles, @RequestParam(defaultValue = "html") String format,
			@RequestParam(required = false) String subject, @RequestParam(required = false) String intro) {
		List<ArticleSummary> chosen = articles == null || articles.isBlank() ? this.articles.latest(LATEST)
				: this.articles.findAll(ids(articles));
		NewsletterContent content = new NewsletterContent(
				subject != null ? subject : "This week in " + properties.list().name(),
				"Hand-picked reading on skin care and hair, in a few minutes.", intro, template,
				chosen.stream().map(DigestPreviewController::card).toList());
		RenderedNewsletter rendered = newsletters.preview(content, Recipient.sample());
		if ("text".equalsIgnoreCase(format)) {
			return ResponseEntity.ok()
				.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
				.body(rendered.text());
		}
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.header("Content-Security-Policy",
					"default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'")
			.header("X-Subject", URLEncoder.encode(rendered.subject(), StandardCharsets.UTF_8))
			.body(rendered.html());
	}

	static ArticleCard card(ArticleSummary article) {
		return new ArticleCard(article.title(), article.url(), article.excerpt(), article.imageUrl(),
				article.imageAlt(), article.author(), article.publishedAt());
	}

	private static List<Long> ids(String articles) {
		try {
			return Arrays.stream(articles.split(","))
				.map(String::strip)
				.filter(s -> !s.isEmpty())
				.map(Long::valueOf)
				.toList();
		}
		catch (NumberFormatException ex) {
			throw new InvalidParameter("articles", "must be article ids separated by commas, e.g. 1,2,3");
		}
	}

}
