package dev.glowletter.delivery;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.glowletter.CampaignsApi;
import dev.glowletter.Readers;
import dev.glowletter.ScriptedSmtpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The article ledger (issue 16): every copy sent records the articles it carried, with
 * the batch's record; a copy that failed records none; the ledger outlives the campaign.
 */
// a context of its own: every campaign sent here goes to every confirmed reader of it
@TestPropertySource(properties = "glowletter.test.context=article-ledger")
class ArticleLedgerIntegrationTest extends ScriptedSmtpTest {

	@Autowired
	SentArticles sentArticles;

	@Test
	void everyCopySentRecordsEachArticleItCarried() throws Exception {
		long ada = Readers.confirmed(jdbc, "ada-" + run + "@example.org", "Ada");
		long bo = Readers.confirmed(jdbc, "bo-" + run + "@example.org", "Bo");
		long first = CampaignsApi.article(mvc, "Retinol at night " + run);
		long second = CampaignsApi.article(mvc, "Sunscreen in winter " + run);
		long id = CampaignsApi.campaign(mvc, Map.of("subject", "Two " + run, "articleIds", List.of(first, second)));

		CampaignsApi.sendNow(mvc, jdbc, context, id);

		assertThat(ledgerOf(ada)).containsExactlyInAnyOrder(List.of(first, id), List.of(second, id));
		assertThat(ledgerOf(bo)).containsExactlyInAnyOrder(List.of(first, id), List.of(second, id));
		assertThat(sentArticles.sentTo(ada)).extracting(SentArticles.SentArticle::sentAt)
			.as("each article is stamped with its copy's sending time")
			.containsOnly(jdbc.sql("SELECT sent_at FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
				.params(id, ada)
				.query(OffsetDateTime.class)
				.single()
				.toInstant());
	}

	@Test
	void aCopyThatFailedRecordsNoArticle() throws Exception {
		String refused = "refused-" + run + "@example.org";
		smtp().answerData(refused, 554);
		long failed = Readers.confirmed(jdbc, refused, "Refused");
		long sent = Readers.confirmed(jdbc, "here-" + run + "@example.org", "Here");
		long article = CampaignsApi.article(mvc, "Niacinamide " + run);
		long id = CampaignsApi.campaign(mvc, Map.of("subject", "Refused " + run, "articleIds", List.of(article)));

		CampaignsApi.sendNow(mvc, jdbc, context, id);

		assertThat(jdbc.sql("SELECT status FROM delivery WHERE campaign_id = ? AND subscriber_id = ?")
			.params(id, failed)
			.query(String.class)
			.single()).isEqualTo("FAILED");
		assertThat(ledgerOf(failed)).isEmpty();
		assertThat(ledgerOf(sent)).containsExactly(List.of(article, id));
	}

	@Test
	void theLedgerOutlivesTheCampaign() throws Exception {
		long reader = Readers.confirmed(jdbc, "keeps-" + run + "@example.org", null);
		long article = CampaignsApi.article(mvc, "Peptides " + run);
		long id = CampaignsApi.campaign(mvc, Map.of("subject", "Deleted " + run, "articleIds", List.of(article)));
		CampaignsApi.sendNow(mvc, jdbc, context, id);

		jdbc.sql("DELETE FROM campaign WHERE id = ?").param(id).update();

		assertThat(ledgerOf(reader)).containsExactly(List.of(article, id));
		assertThat(sentArticles.sentTo(reader)).singleElement()
			.satisfies(sentArticle -> assertThat(sentArticle.title()).isEqualTo("Peptides " + run));
	}

	@Test
	void erasingTheReaderTakesTheirLedgerAlong() throws Exception {
		long reader = Readers.confirmed(jdbc, "erased-" + run + "@example.org", null);
		long article = CampaignsApi.article(mvc, "Bakuchiol " + run);
		CampaignsApi.sendNow(mvc, jdbc, context,
				CampaignsApi.campaign(mvc, Map.of("subject", "Erased " + run, "articleIds", List.of(article))));
		assertThat(ledgerOf(reader)).isNotEmpty();

		mvc.perform(delete("/api/subscribers/" + reader).with(admin())).andExpect(status().isNoContent());

		assertThat(ledgerOf(reader)).isEmpty();
	}

	/** What the ledger says the reader was sent, as (article, campaign) pairs. */
	private List<List<Long>> ledgerOf(long subscriberId) {
		return sentArticles.sentTo(subscriberId)
			.stream()
			.map(sent -> List.of(sent.articleId(), sent.campaignId()))
			.toList();
	}

}
