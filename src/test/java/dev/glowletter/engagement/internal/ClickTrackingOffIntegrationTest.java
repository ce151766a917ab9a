package dev.glowletter.engagement.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.delivery.smtp.ScriptedSmtpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.TestPropertySource;

/** With click tracking turned off, campaign copies link straight to their articles. */
@TestPropertySource(properties = { "glowletter.test.context=clicks-off", "glowletter.delivery.track-clicks=false" })
class ClickTrackingOffIntegrationTest extends IntegrationTest {

	static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JavaMailSenderImpl mailSettings;

	@Test
	void copiesLinkStraightToTheArticlesAndNothingIsKept() throws Exception {
		mailSettings.setHost("127.0.0.1");
		mailSettings.setPort(SMTP.port());
		SMTP.reset();
		Readers.confirmed(jdbc, "untracked@example.org", null);
		long article = CampaignsApi.article(mvc, "Azelaic acid");
		String target = jdbc.sql("SELECT url FROM article WHERE id = ?").param(article).query(String.class).single();
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Untracked", "articleIds", List.of(article)));

		CampaignsApi.sendNow(mvc, jdbc, context, campaign);

		String mail = SMTP.acceptedTo("untracked@example.org").get(0).data().replace("=\r\n", "").replace("=3D", "=");
		assertThat(mail).contains("href=\"" + target).doesNotContain("/r/");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM delivery_link WHERE campaign_id = ?")
			.param(campaign)
			.query(Integer.class)
			.single()).isZero();
	}

}
