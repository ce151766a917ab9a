package dev.glowletter.engagement.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.glowletter.CampaignsApi;
import dev.glowletter.Readers;
import dev.glowletter.ScriptedSmtpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With click tracking turned off, campaign copies link straight to their articles. */
@TestPropertySource(properties = { "glowletter.test.context=clicks-off", "glowletter.delivery.track-clicks=false" })
class ClickTrackingOffIntegrationTest extends ScriptedSmtpTest {

	@Test
	void copiesLinkStraightToTheArticlesAndNothingIsKept() throws Exception {
		Readers.confirmed(jdbc, "untracked@example.org", null);
		long article = CampaignsApi.article(mvc, "Azelaic acid");
		String target = jdbc.sql("SELECT url FROM article WHERE id = ?").param(article).query(String.class).single();
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Untracked", "articleIds", List.of(article)));

		CampaignsApi.sendNow(mvc, jdbc, context, campaign);

		String mail = smtp().acceptedTo("untracked@example.org").get(0).data().replace("=\r\n", "").replace("=3D", "=");
		assertThat(mail).contains("href=\"" + target).doesNotContain("/r/");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM delivery_link WHERE campaign_id = ?")
			.param(campaign)
			.query(Integer.class)
			.single()).isZero();
	}

}
