package dev.glowletter.campaign.internal;

import java.util.List;

import dev.glowletter.article.ArticleSummary;
import dev.glowletter.article.Articles;
import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.rendering.ArticleCard;
import dev.glowletter.rendering.NewsletterContent;
import org.springframework.stereotype.Component;

/**
 * Turns a campaign's content (article ids) into what the renderer needs (article cards).
 */
@Component
public class NewsletterAssembly {

	private final Articles articles;

	NewsletterAssembly(Articles articles) {
		this.articles = articles;
	}

	public NewsletterContent assemble(CampaignContent content) {
		List<ArticleCard> cards = articles.findAll(content.articleIds())
			.stream()
			.map(NewsletterAssembly::card)
			.toList();
		return new NewsletterContent(content.subject(), content.preheader(), content.intro(), content.template(),
				cards);
	}

	/** The ids of the campaign's articles that do not exist (any more). */
	public List<Long> missingArticles(CampaignContent content) {
		List<Long> found = articles.findAll(content.articleIds()).stream().map(ArticleSummary::id).toList();
		return content.articleIds().stream().filter(id -> !found.contains(id)).toList();
	}

	private static ArticleCard card(ArticleSummary a) {
		return new ArticleCard(a.title(), a.url(), a.excerpt(), a.imageUrl(), a.imageAlt(), a.author(), a.publishedAt(),
				a.id());
	}

}
