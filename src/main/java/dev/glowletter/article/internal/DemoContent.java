package dev.glowletter.article.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo articles of a first start, so a newcomer sees a real newsletter at once:
 * written only when there are no articles, never in the postgres profile, and not at all
 * with {@code glowletter.article.demo-content=false}.
 */
@Component
@Profile("!postgres")
class DemoContent implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoContent.class);

	static final String BLOG = "https://blog.glowletter.example/";

	private final StoredArticles articles;

	private final ArticleEditor editor;

	private final ArticleProperties properties;

	DemoContent(StoredArticles articles, ArticleEditor editor, ArticleProperties properties) {
		this.articles = articles;
		this.editor = editor;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!properties.demoContent() || articles.count() > 0) {
			return;
		}
		drafts().forEach(editor::create);
		log.info("Wrote {} demo articles (set glowletter.article.demo-content=false to start empty)", drafts().size());
	}

	static List<ArticleDraft> drafts() {
		return List.of(
				new ArticleDraft("Microneedling for hair regrowth: what the evidence says",
						BLOG + "microneedling-hair-regrowth-evidence", null, "Dr. Amara Okafor",
						"2025-03-03T08:00:00+01:00", null, null, List.of("microneedling", "hair", "evidence"), """
								<p>Microneedling rolls or stamps very fine needles over the scalp, making tiny \
								controlled wounds. \
								The idea is that the healing response &mdash; growth factors, a little \
								inflammation, new blood vessels &mdash; \
								wakes up miniaturised hair follicles.</p>
								<p>The best-known trial (Dhurat and colleagues, 2013) followed 100 men with \
								male-pattern hair loss for 12 weeks. \
								Those who had weekly microneedling <em>plus</em> 5% minoxidil grew clearly more \
								hair than those on minoxidil alone. \
								Smaller studies since point the same way, but most are short, small and not \
								blinded, and few include women.</p>
								<p>So: promising, cheap and low-risk in careful hands, but not a cure. It works \
								best as an add-on to a treatment \
								that already has evidence behind it, and results take three to six months to show.</p>
								<p><small>This article is general information, not medical advice. See a \
								dermatologist about sudden or patchy hair loss.</small></p>
								""", null),
				new ArticleDraft("Microneedling with minoxidil or PRP: does combining help?",
						BLOG + "microneedling-minoxidil-prp", null, "Dr. Amara Okafor", "2025-03-17T08:00:00+01:00",
						null, null, List.of("microneedling", "hair", "minoxidil", "prp"), """
								<p>Most of the good results for microneedling come from studies where it was \
								<strong>combined</strong> with \
								something else. Minoxidil is the usual partner: it is approved for hair loss, \
								inexpensive, and microneedling \
								may help more of it reach the follicle.</p>
								<p>Platelet-rich plasma (PRP) is made from your own blood and injected or applied \
								after needling. Several small \
								trials report extra density when PRP is added, but the preparations differ from \
								clinic to clinic, which makes \
								the results hard to compare &mdash; and PRP costs far more.</p>
								<p>One practical rule: do not apply minoxidil right after a session. Wait about 24 \
								hours, because freshly \
								needled skin absorbs more and stings.</p>
								""", null),
				new ArticleDraft("Choosing a practitioner for scalp microneedling",
						BLOG + "choosing-a-microneedling-practitioner", null, "Lena Marsh", "2025-04-02T09:30:00+02:00",
						null, null, List.of("microneedling", "safety"), """
								<p>Ask who will treat you and what training they have. A dermatologist, or a nurse \
								working under one, can \
								also check whether your hair loss has a cause that needs other treatment.</p>
								<p>Good signs: single-use sterile needle cartridges opened in front of you, a \
								needle depth chosen for the scalp \
								(usually 0.5 to 1.5 mm), a patch of skin checked for infection or irritation first, \
								and honest talk about \
								results that take months. Warning signs: promises of guaranteed regrowth, reused \
								rollers, and packages sold \
								before anyone has looked at your scalp.</p>
								""", null),
				new ArticleDraft("Aftercare after microneedling: the first 72 hours", BLOG + "microneedling-aftercare",
						null, "Lena Marsh", "2025-04-16T09:30:00+02:00", null, null,
						List.of("microneedling", "aftercare"), """
								<p>Redness and a tight, sunburn-like feeling for a day are normal. Keep the area \
								clean and leave it alone: \
								no scratching, no hats that rub, no gym sweat for 24 hours.</p>
								<p>Wash your hair gently with a mild shampoo the next day, skip strong actives such \
								as retinoids and acids \
								for a few days, and keep the scalp out of strong sun. Restart minoxidil after about \
								24 hours unless your \
								practitioner says otherwise.</p>
								<p>Call your practitioner if redness spreads, the skin becomes hot or painful, or \
								you see pus: those are \
								signs of infection, not of healing.</p>
								""", null),
				new ArticleDraft("Skin-care basics: the three steps that matter most", BLOG + "skin-care-basics", null,
						"Priya Natarajan", "2025-05-05T07:00:00+01:00", null, null, List.of("skin care", "basics"), """
								<p>A routine does not need ten steps. A gentle cleanser, a moisturiser that suits \
								your skin, and a broad-spectrum \
								sunscreen of SPF 30 or more every morning do most of the work &mdash; sunscreen \
								most of all, because sun \
								damage drives much of visible skin ageing.</p>
								<p>Add one active ingredient at a time (a retinoid at night, or vitamin C in the \
								morning), patch-test it first, \
								and give it eight to twelve weeks before you judge it. If your skin stings, burns \
								or flakes, step back: \
								irritated skin is not "purging" forever.</p>
								""", null));
	}

}
