package dev.glowletter.rendering;

import java.util.List;

/**
 * What a newsletter says, the same for every reader.
 *
 * @param subject may use FreeMarker interpolation, e.g. {@code Hi
 * ${subscriber.firstName!"there"}}
 * @param preheader the hidden line inbox lists show after the subject; may be null
 * @param intro the admin's plain-text introduction (blank lines separate paragraphs); may
 * be null
 * @param template the e-mail template's base name, e.g. {@code digest}
 * @param articles the cards, in order
 */
public record NewsletterContent(String subject, String preheader, String intro, String template,
		List<ArticleCard> articles) {

	public NewsletterContent {
		articles = articles == null ? List.of() : List.copyOf(articles);
	}
}
