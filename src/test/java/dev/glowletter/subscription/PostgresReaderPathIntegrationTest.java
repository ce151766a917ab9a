package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.glowletter.PostgresAvailable;
import dev.glowletter.PostgresIntegrationTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reader's path on PostgreSQL, in the production profile: the same migrations, the
 * same SQL.
 */
class PostgresReaderPathIntegrationTest extends PostgresIntegrationTest {

	@Autowired
	Subscriptions subscriptions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void subscribeConfirmAndOneClickUnsubscribeWorkOnPostgres() throws Exception {
		assertThat(jdbc.sql("SELECT current_schema()").query(String.class).single())
			.isEqualTo(PostgresAvailable.SCHEMA);

		mvc.perform(post("/subscribe").with(csrf()).param("email", "pg-reader@example.org").param("consent", "true"))
			.andExpect(status().is3xxRedirection());
		MimeMessage confirmation = awaitMails("pg-reader@example.org", 1).get(0);
		assertThat(confirmation.getMessageID()).endsWith("@example.org>");

		mvc.perform(post(ReaderPathIntegrationTest.link(confirmation, "/confirm/")).with(csrf()))
			.andExpect(status().isOk());
		MimeMessage welcome = awaitMails("pg-reader@example.org", 2).get(1);
		String unsubscribe = welcome.getHeader("List-Unsubscribe", null);
		assertThat(unsubscribe).startsWith("<https://news.example.org/unsubscribe/");

		mvc.perform(post(unsubscribe.replaceAll("^<https://news.example.org", "").replaceAll(">$", ""))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("List-Unsubscribe=One-Click")).andExpect(status().isOk());
		assertThat(subscriptions.findByEmail(EmailAddress.parse("pg-reader@example.org")).orElseThrow().status())
			.isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		// the consent stays after leaving: the record of what was agreed to, and when
		assertThat(jdbc
			.sql("SELECT COUNT(*) FROM consent c JOIN subscriber s ON s.id = c.subscriber_id "
					+ "WHERE s.email = 'pg-reader@example.org'")
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

}
