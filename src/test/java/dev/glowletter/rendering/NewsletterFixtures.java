package dev.glowletter.rendering;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.LinkKey;
import dev.glowletter.rendering.internal.RenderingProperties;

/** A {@link Newsletters} built by hand, without Spring, and sample content for it. */
public final class NewsletterFixtures {

	public static final String LINK_KEY = "a-test-link-key-that-is-long-enough-0123456789";

	private NewsletterFixtures() {
	}

	public static GlowletterProperties properties() {
		return new GlowletterProperties("https://news.example.org",
				new GlowletterProperties.MailingList("Beauty resources, tips, and news", "Skin care that works.", null),
				new GlowletterProperties.Sender("news@glowletter.example", "Glowletter",
						"1 Example Street, 00000 Example City"));
	}

	public static Newsletters newsletters(String templatesDir, String utmSource) {
		return newsletters(templatesDir, utmSource, properties());
	}

	public static Newsletters newsletters(GlowletterProperties properties) {
		return newsletters("email-templates", null, properties);
	}

	private static Newsletters newsletters(String templatesDir, String utmSource, GlowletterProperties properties) {
		RenderingProperties rendering = new RenderingProperties(templatesDir, Duration.ofSeconds(2), LINK_KEY,
				utmSource, "email", null);
		Clock clock = Clock.fixed(Instant.parse("2025-05-05T08:00:00Z"), ZoneOffset.UTC);
		try {
			EmailTemplates templates = new EmailTemplates(rendering);
			SignedLinks links = new SignedLinks(new LinkKey(rendering, null, clock), properties);
			return new Newsletters(templates, new MessageComposer(templates, properties, clock), links, properties,
					rendering);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static Newsletters newsletters() {
		return newsletters("email-templates", null);
	}

	public static List<ArticleCard> fiveCards() {
		String excerpt = "Microneedling rolls very fine needles over the scalp, making tiny controlled wounds. The "
				+ "healing response "
				+ "wakes up miniaturised hair follicles; the best-known trial combined it with minoxidil for twelve "
				+ "weeks and "
				+ "found clearly more regrowth than with minoxidil alone. Promising, cheap and low-risk in careful "
				+ "hands \u2026";
		return List.of(
				new ArticleCard("Microneedling for hair regrowth: what the evidence says", "https://blog.example/a",
						excerpt, "https://blog.example/img/a.jpg", "Dermaroller on a towel", "Dr. Amara Okafor",
						OffsetDateTime.parse("2025-03-03T08:00:00+01:00")),
				new ArticleCard("Microneedling with minoxidil or PRP", "https://blog.example/b", excerpt, null, null,
						"Dr. Amara Okafor", OffsetDateTime.parse("2025-03-17T08:00:00+01:00")),
				new ArticleCard("Choosing a practitioner", "https://blog.example/c", excerpt, null, null, "Lena Marsh",
						OffsetDateTime.parse("2025-04-02T09:30:00+02:00")),
				new ArticleCard("Aftercare: the first 72 hours", "https://blog.example/d", excerpt, null, null, null,
						null),
				new ArticleCard("Skin-care basics", "https://blog.example/e", excerpt, "https://blog.example/img/e.jpg",
						null, "Priya Natarajan", OffsetDateTime.parse("2025-05-05T07:00:00+01:00")));
	}

	public static NewsletterContent digest() {
		return new NewsletterContent("Hi ${subscriber.firstName!\"there\"}, this week in beauty",
				"Five reads for the week", "Hello again!\n\nThis week is all about hair.", "digest", fiveCards());
	}

}
