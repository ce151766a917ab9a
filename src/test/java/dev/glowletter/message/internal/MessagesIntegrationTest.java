package dev.glowletter.message.internal;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import dev.glowletter.GlowletterProperties;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.TestSmtp;
import dev.glowletter.subscription.EmailAddress;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional API, end to end: a call, the outbox, the mail GreenMail receives, and
 * the status; idempotency keys, refusals and bad input.
 */
class MessagesIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SCRIPT = "<script>alert(1)</script>";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	GlowletterProperties properties;

	@Autowired
	IdempotencyKeys keys;

	@Test
	void aMessageIsDeliveredWithTheModelEscapedInHtmlAndAsTextInThePlainPart() throws Exception {
		String to = unique("download");
		String location = send(body(to, "transactional",
				Map.of("title", "Guide " + SCRIPT, "url", "https://blog.example.org/files/guide.pdf?a=1&b=2",
						"validDays", 7)),
				null)
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("queued"))
			.andExpect(header().doesNotExist(MessageApiController.REPLAYED))
			.andReturn()
			.getResponse()
			.getHeader(HttpHeaders.LOCATION);
		assertThat(location).matches("/api/messages/\\d+");

		MimeMessage mail = awaitMails(to, 1).get(0);
		assertThat(mail.getSubject()).isEqualTo("Your download: Guide " + SCRIPT);
		assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo(properties.sender().from());
		assertThat(mail.getMessageID()).endsWith("@" + properties.sender().domain() + ">");
		assertThat(mail.getHeader("List-Unsubscribe")).as("transactional mail has no unsubscribe headers").isNull();
		assertThat(mail.getHeader("List-Id")).isNotNull();
		// nobody's reader: its bounces go to the bare bounce address
		assertThat(mail.getHeader("Return-Path", null)).contains(TestSmtp.BOUNCE_ADDRESS);
		MimeMultipart parts = (MimeMultipart) mail.getContent();
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
		String text = (String) parts.getBodyPart(0).getContent();
		String html = (String) parts.getBodyPart(1).getContent();
		assertThat(text).contains("Guide " + SCRIPT)
			.contains("https://blog.example.org/files/guide.pdf?a=1&b=2")
			.contains("7 days")
			.contains("because you asked for it");
		assertThat(html).contains("Guide &lt;script&gt;alert(1)&lt;/script&gt;")
			.doesNotContain("<script>")
			.contains("href=\"https://blog.example.org/files/guide.pdf?a=1&amp;b=2\"");

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> mvc.perform(get(location).with(admin()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("sent"))
				.andExpect(jsonPath("$.kind").value("transactional"))
				.andExpect(jsonPath("$.to").value(to))
				.andExpect(jsonPath("$.attempts").value(1))
				.andExpect(jsonPath("$.sentAt").isNotEmpty()));
		assertThat(mail.getMessageID()).isEqualTo(jdbc.sql("SELECT message_id FROM outbox_message WHERE id = ?")
			.param(idOf(location))
			.query(String.class)
			.single());
	}

	@Test
	void marketingToAConfirmedReaderCarriesTheirUnsubscribeHeadersAndToSomeoneElseNone() throws Exception {
		String reader = unique("reader");
		long readerId = Readers.confirmed(jdbc, reader, "Ann");
		// no kind: marketing
		send(json(Map.of("to", reader, "template", "download-link", "model", model("Tips"))), null)
			.andExpect(status().isAccepted());
		MimeMessage mail = awaitMails(reader, 1).get(0);
		assertThat(mail.getHeader("List-Unsubscribe", null)).contains("/unsubscribe/");
		assertThat(mail.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
		assertThat((String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent()).contains("Hello Ann")
			.contains("Unsubscribe with one click");
		// the reader's own envelope sender (VERP), so that a bounce is theirs
		assertThat(mail.getHeader("Return-Path", null)).doesNotContain("<" + TestSmtp.BOUNCE_ADDRESS + ">");
		assertThat(jdbc.sql("SELECT subscriber_id FROM outbox_message WHERE recipient = ?")
			.param(reader)
			.query(Long.class)
			.single()).isEqualTo(readerId);

		String stranger = unique("stranger");
		send(body(stranger, "marketing", model("Tips")), null).andExpect(status().isAccepted());
		assertThat(awaitMails(stranger, 1).get(0).getHeader("List-Unsubscribe")).isNull();
	}

	@Test
	void theSameKeyAndBodyAnswerTheFirstAnswerAgainAndNothingIsSentTwice() throws Exception {
		String to = unique("replay");
		String key = UUID.randomUUID().toString();
		Map<String, Object> request = body(to, "transactional", model("Checklist"));
		String first = send(request, key).andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString();
		long id = ((Number) JsonPath.read(first, "$.id")).longValue();

		// the same call, written differently: the fields in another order, other spaces
		Map<String, Object> reordered = new LinkedHashMap<>();
		reordered.put("kind", "TRANSACTIONAL");
		reordered.put("model", model("Checklist"));
		reordered.put("template", "download-link");
		reordered.put("to", " " + to);
		send(reordered, key).andExpect(status().isAccepted())
			.andExpect(header().string(MessageApiController.REPLAYED, "true"))
			.andExpect(header().string(HttpHeaders.LOCATION, "/api/messages/" + id))
			.andExpect(jsonPath("$.id").value(id))
			.andExpect(jsonPath("$.status").value("queued"));
		awaitMails(to, 1);
		send(request, key).andExpect(status().isAccepted()).andExpect(jsonPath("$.id").value(id));
		assertThat(queuedFor(to)).isEqualTo(1);

		// the owner's token is the owner: the same caller, the same key
		mvc.perform(post("/api/messages").with(bearer(token("WRITE")))
			.header(MessageApiController.IDEMPOTENCY_KEY, key)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(request)))
			.andExpect(status().isAccepted())
			.andExpect(header().string(MessageApiController.REPLAYED, "true"));
		assertThat(queuedFor(to)).isEqualTo(1);
	}

	@Test
	void eightParallelCallsWithOneKeyQueueOneMessage() throws Exception {
		String to = unique("parallel");
		String key = UUID.randomUUID().toString();
		String request = json(body(to, "transactional", model("Workbook")));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<MockHttpServletResponse>> calls = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				calls.add(pool.submit(() -> {
					start.await();
					return mvc
						.perform(post("/api/messages").with(admin())
							.header(MessageApiController.IDEMPOTENCY_KEY, key)
							.contentType(MediaType.APPLICATION_JSON)
							.content(request))
						.andReturn()
						.getResponse();
				}));
			}
			start.countDown();
			List<Long> ids = new ArrayList<>();
			for (Future<MockHttpServletResponse> call : calls) {
				MockHttpServletResponse response = call.get();
				assertThat(response.getStatus()).as(response.getContentAsString()).isIn(202, 409);
				if (response.getStatus() == 202) {
					ids.add(((Number) JsonPath.read(response.getContentAsString(), "$.id")).longValue());
				}
				else {
					assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
				}
			}
			assertThat(ids).isNotEmpty();
			assertThat(ids).as("every answer names the one message").containsOnly(ids.get(0));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(awaitMails(to, 1)).hasSize(1);
		assertThat(queuedFor(to)).isEqualTo(1);
		// afterwards, every call with the key gets that answer
		mvc.perform(post("/api/messages").with(admin())
			.header(MessageApiController.IDEMPOTENCY_KEY, key)
			.contentType(MediaType.APPLICATION_JSON)
			.content(request))
			.andExpect(status().isAccepted())
			.andExpect(header().string(MessageApiController.REPLAYED, "true"));
	}

	@Test
	void theSameKeyWithAnotherBodyIsRefusedAndAKeyIsForgottenAfter24Hours() throws Exception {
		String to = unique("reuse");
		String key = "order-" + UUID.randomUUID();
		send(body(to, "transactional", model("One")), key).andExpect(status().isAccepted());
		send(body(to, "transactional", model("Two")), key).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:glowletter:problem:idempotency-key-reused"));
		assertThat(queuedFor(to)).isEqualTo(1);

		clock.advance(Duration.ofHours(24).plusMinutes(1));
		assertThat(keys.purge()).isPositive();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM message_request WHERE idempotency_key = ?")
			.param(key)
			.query(Integer.class)
			.single()).isZero();
		send(body(to, "transactional", model("Two")), key).andExpect(status().isAccepted())
			.andExpect(header().doesNotExist(MessageApiController.REPLAYED));
		assertThat(queuedFor(to)).isEqualTo(2);
	}

	@Test
	void anExpiredKeyNotPurgedYetIsNotReplayed() throws Exception {
		String to = unique("expired");
		String key = "expired-" + UUID.randomUUID();
		long first = idOf(send(body(to, "transactional", model("One")), key).andReturn()
			.getResponse()
			.getHeader(HttpHeaders.LOCATION));
		clock.advance(Duration.ofHours(25));
		long second = idOf(send(body(to, "transactional", model("One")), key).andExpect(status().isAccepted())
			.andExpect(header().doesNotExist(MessageApiController.REPLAYED))
			.andReturn()
			.getResponse()
			.getHeader(HttpHeaders.LOCATION));
		assertThat(second).isNotEqualTo(first);
	}

	@Test
	void templateNamesThatLeaveTheFolderOrAreNotThereAreRefusedNamingTheField() throws Exception {
		String to = unique("traversal");
		for (String name : List.of("../confirm", "../../etc/passwd", "/etc/passwd", "..%2Fconfirm", "%2e%2e/confirm",
				"transactional/download-link", "..\\confirm", "download-link.ftlh", "Download-Link", "",
				"download link", "-x", "a".repeat(65))) {
			send(body(to, "transactional", model("X"), name), null).andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value("urn:glowletter:problem:invalid-message"))
				.andExpect(jsonPath("$.errors.template").value(containsString("lower-case letters")));
		}
		// a reader mail's template, not a transactional one; and one that does not exist
		for (String name : List.of("confirm", "layout", "no-such-template")) {
			send(body(to, "transactional", model("X"), name), null).andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.errors.template").value(containsString("no template of that name")));
		}
		assertThat(queuedFor(to)).isZero();
	}

	@Test
	void marketingToAnAddressThatBouncedComplainedOrLeftIsRefusedAndTransactionalMailGoes() throws Exception {
		String bounced = unique("bounced");
		long id = Readers.confirmed(jdbc, bounced, null);
		jdbc.sql("UPDATE subscriber SET status = 'BOUNCED' WHERE id = ?").param(id).update();
		send(body(bounced, "marketing", model("X")), null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("bounced"))
			.andExpect(jsonPath("$.detail").value(containsString("kind")));
		send(json(Map.of("to", bounced, "template", "download-link", "model", model("X"))), null)
			.andExpect(status().isConflict());
		send(body(bounced, "transactional", model("X")), null).andExpect(status().isAccepted());
		assertThat((String) ((MimeMultipart) awaitMails(bounced, 1).get(0).getContent()).getBodyPart(0).getContent())
			.as("no unsubscribe link in transactional mail")
			.doesNotContain("/unsubscribe/");

		String complained = unique("complained");
		long other = Readers.confirmed(jdbc, complained, null);
		jdbc.sql("UPDATE subscriber SET status = 'UNSUBSCRIBED' WHERE id = ?").param(other).update();
		jdbc.sql("INSERT INTO suppression (email_hash, reason, created_at) VALUES (?, 'COMPLAINT', ?)")
			.params(EmailAddress.parse(complained).hash(), Instant.now().atOffset(ZoneOffset.UTC))
			.update();
		send(body(complained.toUpperCase(), "marketing", model("X")), null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("suppressed"));
		send(body(complained, "transactional", model("X")), null).andExpect(status().isAccepted());

		String left = unique("left");
		long leaver = Readers.confirmed(jdbc, left, null);
		jdbc.sql("UPDATE subscriber SET status = 'UNSUBSCRIBED' WHERE id = ?").param(leaver).update();
		send(body(left, "marketing", model("X")), null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.reason").value("unsubscribed"));
		send(body(left, "transactional", model("X")), null).andExpect(status().isAccepted());
		assertThat(awaitMails(left, 1).get(0).getHeader("List-Unsubscribe")).isNull();
		assertThat(queuedFor(bounced) + queuedFor(complained) + queuedFor(left)).isEqualTo(3);
	}

	@Test
	void aReadTokenReadsTheStatusButSendsNothingAndAWriteTokenSends() throws Exception {
		String to = unique("tokens");
		String read = token("READ");
		mvc.perform(post("/api/messages").with(bearer(read))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(body(to, "transactional", model("X"))))).andExpect(status().isForbidden());
		assertThat(queuedFor(to)).isZero();

		String location = mvc
			.perform(post("/api/messages").with(bearer(token("WRITE")))
				.contentType(MediaType.APPLICATION_JSON)
				.content(json(body(to, "transactional", model("X")))))
			.andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getHeader(HttpHeaders.LOCATION);
		mvc.perform(get(location).with(bearer(read))).andExpect(status().isOk());
		mvc.perform(get(location)).andExpect(status().isUnauthorized());
	}

	@Test
	void theStatusShowsOnlyThisApisMessages() throws Exception {
		String reader = unique("signup");
		mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content(json(Map.of("email", reader, "consent", true)))).andExpect(status().isAccepted());
		long confirmation = jdbc.sql("SELECT id FROM outbox_message WHERE recipient = ?")
			.param(reader)
			.query(Long.class)
			.single();
		mvc.perform(get("/api/messages/" + confirmation).with(admin())).andExpect(status().isNotFound());
		mvc.perform(get("/api/messages/999999999").with(admin())).andExpect(status().isNotFound());
	}

	@Test
	void badInputIsRefusedNamingTheFieldAndNothingIsQueued() throws Exception {
		String to = unique("bad");
		Map<String, Object> good = body(to, "transactional", model("X"));

		Map<String, Object> extra = new LinkedHashMap<>(good);
		extra.put("cc", "someone@example.org");
		send(extra, null).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.cc").exists());

		refused(with(good, "to", "not an address"), "to");
		refused(with(good, "to", List.of(to)), "to");
		refused(with(good, "kind", "urgent"), "kind");
		refused(with(good, "subject", "two\r\nBcc: x@example.org"), "subject");
		refused(with(good, "subject", "s".repeat(201)), "subject");
		refused(with(good, "model", "title"), "model");
		Map<String, Object> withNull = new LinkedHashMap<>(model("X"));
		withNull.put("note", null);
		refused(with(good, "model", withNull), "model.note");
		refused(with(good, "model", Map.of("title", "X", "url", "https://x.example", "bad-key", 1)), "model");
		Object deep = "bottom";
		for (int i = 0; i < 6; i++) {
			deep = Map.of("n", deep);
		}
		refused(with(good, "model", Map.of("title", "X", "url", "https://x.example", "n", deep)), "model.n.n.n.n.n");
		refused(with(good, "model", Map.of("title", "X".repeat(17 * 1024), "url", "https://x.example")), "model");
		// the template needs model.url
		send(with(good, "model", Map.of("title", "X")), null).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.model").value(containsString("url")));

		mvc.perform(post("/api/messages").with(admin()).contentType(MediaType.APPLICATION_JSON).content("{\"to\": "))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors", hasKey("body")));
		mvc.perform(post("/api/messages").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"to\": \"a@example.org\", \"kind\": \"transactional\", \"kind\": \"marketing\"}"))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/api/messages").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json(with(good, "model", Map.of("title", "X".repeat(70 * 1024))))))
			.andExpect(status().isContentTooLarge());
		String deepJson = "{\"to\": \"" + to + "\", \"template\": \"download-link\", \"model\": {\"x\": "
				+ "[".repeat(5000) + "]".repeat(5000) + "}}";
		send(deepJson, null).andExpect(status().isBadRequest());
		byte[] invalidUtf8 = { '{', '"', 't', 'o', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		mvc.perform(post("/api/messages").with(admin()).contentType(MediaType.APPLICATION_JSON).content(invalidUtf8))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/api/messages").with(admin()).contentType(MediaType.TEXT_PLAIN).content(json(good)))
			.andExpect(status().isUnsupportedMediaType());
		send(good, "k".repeat(201)).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors['Idempotency-Key']").exists());
		send(good, "tab\there").andExpect(status().isBadRequest());
		assertThat(queuedFor(to)).isZero();
	}

	@Test
	void theCallsSubjectReplacesTheTemplatesAndIsOneLine() throws Exception {
		String to = unique("subject");
		send(with(body(to, "transactional", model("X")), "subject", "Here it is"), null)
			.andExpect(status().isAccepted());
		assertThat(awaitMails(to, 1).get(0).getSubject()).isEqualTo("Here it is");
	}

	@Test
	void theOpenApiDocumentDescribesTheCall() throws Exception {
		mvc.perform(get("/v3/api-docs").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/messages'].post.requestBody").exists())
			.andExpect(jsonPath("$.paths['/api/messages/{id}'].get").exists())
			.andExpect(jsonPath("$.components.schemas.Message.properties.template").exists());
	}

	// --- helpers ---

	private ResultActions send(Map<String, Object> body, String key) throws Exception {
		return send(json(body), key);
	}

	private ResultActions send(String body, String key) throws Exception {
		MockHttpServletRequestBuilder request = post("/api/messages").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
		if (key != null) {
			request.header(MessageApiController.IDEMPOTENCY_KEY, key);
		}
		return mvc.perform(request);
	}

	private void refused(Map<String, Object> body, String field) throws Exception {
		ResultActions result = send(body, null).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:glowletter:problem:invalid-message"));
		if (field != null) {
			result.andExpect(jsonPath("$.errors", hasKey(field)));
		}
	}

	private static Map<String, Object> body(String to, String kind, Map<String, Object> model) {
		return body(to, kind, model, "download-link");
	}

	private static Map<String, Object> body(String to, String kind, Map<String, Object> model, String template) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("to", to);
		body.put("template", template);
		body.put("kind", kind);
		body.put("model", model);
		return body;
	}

	private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
		Map<String, Object> changed = new LinkedHashMap<>(body);
		changed.put(key, value);
		return changed;
	}

	private static Map<String, Object> model(String title) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("title", title);
		model.put("url", "https://blog.example.org/files/" + title.toLowerCase() + ".pdf");
		return model;
	}

	private static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	private static String unique(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
	}

	private static long idOf(String location) {
		return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
	}

	private int queuedFor(String to) {
		return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE LOWER(recipient) = LOWER(?)")
			.param(to)
			.query(Integer.class)
			.single();
	}

	/** A new token of the configured owner's, of that scope. */
	private String token(String scope) throws Exception {
		String answer = mvc
			.perform(post("/api/tokens").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"blog " + UUID.randomUUID() + "\", \"scope\": \"" + scope + "\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(answer, "$.secret");
	}

	private static RequestPostProcessor bearer(String token) {
		return request -> {
			request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
			return request;
		};
	}

}
