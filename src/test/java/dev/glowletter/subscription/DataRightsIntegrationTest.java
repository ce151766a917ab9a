package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;

import dev.glowletter.AdminApi;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Point 5 of the reader's path: a reader's data export, and the admin's erase. */
class DataRightsIntegrationTest extends ReaderFixtures {

	private static RequestPostProcessor admin() {
		return AdminApi.admin();
	}

	private static JsonNode attachedJson(MimeMessage message) throws Exception {
		Multipart mixed = (Multipart) message.getContent();
		for (int i = 0; i < mixed.getCount(); i++) {
			BodyPart part = mixed.getBodyPart(i);
			if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				assertThat(part.getFileName()).endsWith(".json");
				assertThat(part.getContentType()).startsWith("application/json");
				return JsonMapper.builder().build().readTree(part.getInputStream());
			}
		}
		throw new AssertionError("no attachment");
	}

	@Test
	void unsubscribePageOffersTheDataExport() throws Exception {
		String link = confirmedReader(newAddress("offer"));
		String html = mvc.perform(get(link)).andReturn().getResponse().getContentAsString();
		assertThat(html).contains("<form method=\"post\" action=\"" + link + "/export\">");
	}

	@Test
	void dataExportMailsTheReaderTheirProfileConsentsAndEventsAsJson() throws Exception {
		String email = newAddress("export");
		String link = confirmedReader(email, "Rosa");

		mvc.perform(post(link + "/export")).andExpect(status().isOk());

		MimeMessage mail = lastMail(email, "Your data");
		assertThat(mail.getRecipients(MimeMessage.RecipientType.TO)[0].toString()).contains(email);
		JsonNode json = attachedJson(mail);
		assertThat(json.at("/profile/email").asString()).isEqualTo(email);
		assertThat(json.at("/profile/firstName").asString()).isEqualTo("Rosa");
		assertThat(json.at("/profile/status").asString()).isEqualTo("CONFIRMED");
		assertThat(json.at("/consents/0/source").asString()).isEqualTo("FORM");
		assertThat(json.at("/consents/0/ip").asString()).startsWith("10.1.");
		assertThat(json.at("/consents/0/consentTextVersion").asString()).isEqualTo("1");
		assertThat(json.get("events").findValuesAsString("type")).contains("SUBSCRIBE_REQUESTED", "CONFIRMED",
				"EXPORT_REQUESTED");
	}

	@Test
	void dataExportListsTheArticlesTheReaderWasSent() throws Exception {
		String email = newAddress("articles");
		String link = confirmedReader(email, "Rosa");
		receivedArticle(idOf(email), 9001, 77, "2026-03-02T08:00:00Z");

		mvc.perform(post(link + "/export")).andExpect(status().isOk());

		JsonNode json = attachedJson(lastMail(email, "Your data"));
		assertThat(json.at("/articlesReceived/0/articleId").asLong()).isEqualTo(9001);
		assertThat(json.at("/articlesReceived/0/campaignId").asLong()).isEqualTo(77);
		assertThat(json.at("/articlesReceived/0/sentAt").asString()).isEqualTo("2026-03-02T08:00:00Z");
		assertThat(json.at("/articlesReceived/0/title").isNull()).as("an article deleted since has no title").isTrue();
	}

	@Test
	void dataExportIsMailedAtMostAFewTimesAnHour() throws Exception {
		String email = newAddress("exports");
		String link = confirmedReader(email, "Rosa");
		for (int i = 0; i < 3; i++) {
			mvc.perform(post(link + "/export")).andExpect(status().isOk());
		}
		mvc.perform(post(link + "/export"))
			.andExpect(status().isTooManyRequests())
			.andExpect(content().string(Matchers.containsString("several times in the last hour")));
		clock.advance(Duration.ofMinutes(61));
		mvc.perform(post(link + "/export")).andExpect(status().isOk());
	}

	@Test
	void dataExportWithAForgedTokenGets404AndSendsNothing() throws Exception {
		mvc.perform(post("/unsubscribe/AAAAAAAAAAEAAAABAAAAAAAAAAAAAAAAAAAAAA/export"))
			.andExpect(status().isNotFound());
	}

	@Test
	void adminEraseAnswers204AndRemovesSubscriberConsentsEventsAndOutboxRows() throws Exception {
		String email = newAddress("erase");
		confirmedReader(email);
		long id = idOf(email);
		assertThat(outboxRowsTo(email)).isPositive();

		mvc.perform(delete("/api/subscribers/{id}", id).with(admin())).andExpect(status().isNoContent());

		assertThat(isKnown(email)).isFalse();
		assertThat(rows("consent", "subscriber_id = ?", id)).isZero();
		assertThat(rows("subscriber_event", "subscriber_id = ?", id)).isZero();
		assertThat(rows("outbox_message", "subscriber_id = ?", id)).isZero();
		assertThat(outboxRowsTo(email)).isZero();
	}

	@Test
	void adminEraseTakesTheReadersArticleLedgerAlong() throws Exception {
		String email = newAddress("ledger");
		confirmedReader(email);
		long id = idOf(email);
		receivedArticle(id, 9002, 78, "2026-03-02T08:00:00Z");

		mvc.perform(delete("/api/subscribers/{id}", id).with(admin())).andExpect(status().isNoContent());

		assertThat(rows("delivery_article", "subscriber_id = ?", id)).isZero();
	}

	/** A row of the article ledger, as the campaign senders write it. */
	private void receivedArticle(long subscriberId, long articleId, long campaignId, String sentAt) {
		jdbc.sql("INSERT INTO delivery_article (subscriber_id, article_id, campaign_id, sent_at) VALUES (?, ?, ?, ?)")
			.params(subscriberId, articleId, campaignId, OffsetDateTime.parse(sentAt))
			.update();
	}

	@Test
	void adminEraseKeepsOnlyAHashOfTheAddressOnTheSuppressionList() throws Exception {
		String email = newAddress("suppressed");
		confirmedReader(email);

		mvc.perform(delete("/api/subscribers/{id}", idOf(email)).with(admin())).andExpect(status().isNoContent());

		assertThat(subscriptions.isSuppressed(EmailAddress.parse(email))).isTrue();
		assertThat(rows("suppression", "email_hash = ?", EmailAddress.parse(email).hash())).isOne();
		assertThat(rows("suppression", "email_hash LIKE ?", "%example.org%")).isZero();
	}

	@Test
	void eraseWithoutCredentialsGets401AndErasesNothing() throws Exception {
		String email = newAddress("guarded");
		pendingReader(email);

		mvc.perform(delete("/api/subscribers/{id}", idOf(email))).andExpect(status().isUnauthorized());
		mvc.perform(delete("/api/subscribers/{id}", idOf(email)).with(httpBasic("admin", "wrong")))
			.andExpect(status().isUnauthorized());

		assertThat(isKnown(email)).isTrue();
	}

	@Test
	void eraseOfAnUnknownSubscriberGets404ProblemDetail() throws Exception {
		mvc.perform(delete("/api/subscribers/{id}", 987_654_321L).with(admin()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("There is no subscriber 987654321."));
	}

	@Test
	void erasedReaderCanSubscribeThemselvesAgain() throws Exception {
		String email = newAddress("returns");
		confirmedReader(email);
		mvc.perform(delete("/api/subscribers/{id}", idOf(email)).with(admin())).andExpect(status().isNoContent());

		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));
		mvc.perform(post(confirmationPath(email, 2)).with(csrf())).andExpect(status().isOk());

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
		assertThat(subscriptions.isSuppressed(EmailAddress.parse(email))).isFalse();
	}

}
