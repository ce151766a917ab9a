package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockPart;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Point 4 of the reader's path: the signed unsubscribe link, its page, and RFC 8058
 * one-click.
 */
class UnsubscribeIntegrationTest extends ReaderFixtures {

	private ResultActions oneClick(String path) throws Exception {
		return mvc.perform(
				post(path).contentType(MediaType.APPLICATION_FORM_URLENCODED).content("List-Unsubscribe=One-Click"));
	}

	private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	/**
	 * The same path with the lowest bit of one token character flipped: in the last
	 * character that bit is padding, so a decoder that ignores padding bits would take it
	 * for the same token.
	 */
	private static String altered(String path, int fromEnd) {
		int i = path.length() - fromEnd;
		char flipped = BASE64URL.charAt(BASE64URL.indexOf(path.charAt(i)) ^ 1);
		return path.substring(0, i) + flipped + path.substring(i + 1);
	}

	@Test
	void getShowsOneButtonAndAnOptionalReasonAndDoesNotUnsubscribe() throws Exception {
		String email = newAddress("page");
		String link = confirmedReader(email);

		String html = mvc.perform(get(link)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

		assertThat(html).containsPattern(
				"<form method=\"post\" action=\"" + link + "\">[\\s\\S]*?<select id=\"reason\" name=\"reason\">"
						+ "[\\s\\S]*?<button type=\"submit\">Unsubscribe</button>");
		assertThat(html).contains("<label for=\"reason\">").contains("(optional)");
		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void postFromThePageUnsubscribesAndKeepsTheReason() throws Exception {
		String email = newAddress("leaver");
		String link = confirmedReader(email);

		mvc.perform(post(link).param("reason", "Too many e-mails")).andExpect(status().isOk());

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(jdbc.sql("SELECT unsubscribe_reason FROM subscriber WHERE id = ?")
			.param(idOf(email))
			.query(String.class)
			.single()).isEqualTo("Too many e-mails");
	}

	@Test
	void leavingThroughThePageSendsOneGoodbyeMailWithTheWayBack() throws Exception {
		String email = newAddress("goodbye");
		String link = confirmedReader(email, "Rosa");
		mvc.perform(post(link)).andExpect(status().isOk());
		MimeMessage goodbye = lastMail(email, "You are unsubscribed");
		assertThat(goodbye.getHeader("List-Unsubscribe")).isNull();
		assertThat(((MimeMultipart) goodbye.getContent()).getBodyPart(0).getContent()).asString()
			.contains("Hello Rosa");
		mvc.perform(post(link)).andExpect(status().isOk());
		assertThat(mailsTo(email).stream().filter(m -> subject(m).startsWith("You are unsubscribed"))).hasSize(1);
	}

	@Test
	void oneClickUnsubscribeSendsNoMail() throws Exception {
		String email = newAddress("quiet");
		String link = confirmedReader(email);
		int before = mailsTo(email).size();
		oneClick(link).andExpect(status().isOk());
		// a goodbye mail, if one had been queued, would arrive within this time
		Awaitility.await()
			.during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(mailsTo(email)).hasSize(before));
	}

	@Test
	void oneClickFormPostWithoutCookieOrCsrfUnsubscribesWith200AndNoRedirect() throws Exception {
		String email = newAddress("oneclick");
		String link = confirmedReader(email);

		oneClick(link).andExpect(status().isOk()).andExpect(header().doesNotExist("Location"));

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
	}

	@Test
	void oneClickMultipartPostUnsubscribesWith200AndNoRedirect() throws Exception {
		String email = newAddress("multipart");
		String link = confirmedReader(email);

		mvc.perform(
				multipart(link).part(new MockPart("List-Unsubscribe", "One-Click".getBytes(StandardCharsets.US_ASCII))))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("Location"));

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
	}

	@Test
	void forgedTokenGets404AndChangesNothing() throws Exception {
		String email = newAddress("forged");
		confirmedReader(email);

		oneClick("/unsubscribe/AAAAAAAAAAEAAAABAAAAAAAAAAAAAAAAAAAAAA").andExpect(status().isNotFound());
		mvc.perform(post("/unsubscribe/not-a-token")).andExpect(status().isNotFound());
		mvc.perform(get("/unsubscribe/not-a-token")).andExpect(status().isNotFound());

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void alteredTokenGets404AndChangesNothing() throws Exception {
		String email = newAddress("altered");
		String link = confirmedReader(email);

		for (int fromEnd = 1; fromEnd <= 38; fromEnd++) {
			String changed = altered(link, fromEnd);
			oneClick(changed).andExpect(status().isNotFound());
			mvc.perform(post(changed).param("reason", "x")).andExpect(status().isNotFound());
		}

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.CONFIRMED);
	}

	@Test
	void unsubscribingTwiceIsHarmless() throws Exception {
		String email = newAddress("twice");
		String link = confirmedReader(email);
		oneClick(link).andExpect(status().isOk());
		String unsubscribedAt = jdbc.sql("SELECT unsubscribed_at FROM subscriber WHERE id = ?")
			.param(idOf(email))
			.query(String.class)
			.single();
		clock.advance(Duration.ofMinutes(5));

		oneClick(link).andExpect(status().isOk());
		mvc.perform(post(link)).andExpect(status().isOk());

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(jdbc.sql("SELECT unsubscribed_at FROM subscriber WHERE id = ?")
			.param(idOf(email))
			.query(String.class)
			.single()).isEqualTo(unsubscribedAt);
		assertThat(rows("subscriber_event", "subscriber_id = ? AND type = 'UNSUBSCRIBED'", idOf(email))).isOne();
	}

	@Test
	void linkStillWorksThirtyOneDaysLater() throws Exception {
		String email = newAddress("later");
		String link = confirmedReader(email);
		clock.advance(Duration.ofDays(31));

		mvc.perform(get(link)).andExpect(status().isOk());
		oneClick(link).andExpect(status().isOk());

		assertThat(statusOf(email)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
	}

	@Test
	void linkContainsNoEmailAddress() throws Exception {
		String email = newAddress("private");
		String link = confirmedReader(email);
		String local = email.substring(0, email.indexOf('@'));

		assertThat(link).doesNotContainIgnoringCase(local)
			.doesNotContainIgnoringCase("example.org")
			.doesNotContain("%40");
		String token = link.substring("/unsubscribe/".length());
		String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
		assertThat(decoded).doesNotContainIgnoringCase(local).doesNotContainIgnoringCase("example.org");
	}

}
