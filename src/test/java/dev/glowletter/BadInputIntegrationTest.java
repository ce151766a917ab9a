package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Hostile input at the admin and public JSON endpoints: every request gets a clear 4xx
 * (never a 500, never a stack trace), hostile text is never echoed unescaped, and nothing
 * is stored.
 */
class BadInputIntegrationTest extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	record Case(String name, MockHttpServletRequestBuilder request) {

		@Override
		public String toString() {
			return name;
		}
	}

	private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
		return request.with(AdminApi.admin());
	}

	private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
		return admin(request).contentType(MediaType.APPLICATION_JSON).content(body);
	}

	private static String nested(int depth) {
		return "{\"subject\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
	}

	static Stream<Case> cases() {
		String script = "<script>alert(1)</script>";
		String crlf = "Hello\\r\\nBcc: victim@evil.test";
		byte[] invalidUtf8 = { '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		return Stream.of(new Case("campaign: malformed JSON", json(post("/api/campaigns"), "{\"subject\": ")),
				new Case("campaign: deeply nested JSON", json(post("/api/campaigns"), nested(5000))),
				new Case("campaign: wrong type",
						json(post("/api/campaigns"),
								"{\"subject\": \"x\", \"articleIds\": \"1; DROP TABLE campaign\"}")),
				new Case("campaign: scheduling one that does not exist",
						json(post("/api/campaigns/999999/schedule"), "{\"now\": true}")),
				new Case("campaign: template path traversal",
						json(post("/api/campaigns"), "{\"subject\": \"x\", \"template\": \"../../etc/passwd\"}")),
				new Case("campaign: oversized subject",
						json(post("/api/campaigns"), "{\"subject\": \"" + "x".repeat(10_000) + "\"}")),
				new Case("campaign: wrong content type",
						admin(post("/api/campaigns")).contentType(MediaType.TEXT_PLAIN).content("subject=x")),
				new Case("campaign: XML",
						admin(post("/api/campaigns")).contentType(MediaType.APPLICATION_XML).content("<campaign/>")),
				new Case("campaign: unknown status filter",
						admin(get("/api/campaigns").param("status", "'; DROP TABLE campaign; --"))),
				new Case("campaign: id that is no number", admin(get("/api/campaigns/1%20OR%201=1"))),
				new Case("digest: script in the name and a bad cron",
						json(post("/api/digests"),
								"{\"name\": \"" + script + "\", \"cron\": \"" + script + "\", \"timeZone\": \"" + script
										+ "\", \"subjectPattern\": \"x\"}")),
				new Case("digest: template path traversal",
						json(post("/api/digests"),
								"{\"name\": \"x\", \"cron\": \"0 9 * * MON\", \"timeZone\": \"UTC\", \"template\": "
										+ "\"../layout\", \"subjectPattern\": \"x\"}")),
				new Case("article: script URL",
						json(post("/api/articles"),
								"{\"title\": \"" + script + "\", \"url\": \"javascript:alert(1)\"}")),
				new Case("article: malformed JSON", json(post("/api/articles"), "{\"title\": [}")),
				new Case("article: update of no article",
						json(put("/api/articles/999999"), "{\"title\": \"x\", \"url\": \"https://x.example/a\"}")),
				new Case("preview: template path traversal",
						admin(get("/api/previews").param("template", "../../../etc/passwd"))),
				new Case("preview: articles that are no numbers",
						admin(get("/api/previews").param("template", "digest").param("articles", "1,two"))),
				new Case("subscriptions: CR/LF in the name",
						post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
							.content("{\"email\": \"a@example.org\", \"firstName\": \"" + crlf
									+ "\", \"consent\": true}")),
				new Case("subscriptions: script as address",
						post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
							.content("{\"email\": \"" + script + "\", \"consent\": true}")),
				new Case("subscriptions: invalid UTF-8",
						post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON).content(invalidUtf8)),
				new Case("subscriptions: deeply nested JSON",
						post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON).content(nested(5000))),
				new Case("subscribers: an id that is no number", admin(get("/api/subscribers/abc"))),
				new Case("test send: header injection in an address, to a campaign that does not exist",
						json(post("/api/campaigns/999999/test"),
								"{\"addresses\": [\"a@example.org\\r\\nBcc: victim@evil.test\"]}")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void hostileInputGetsAClear4xxAndNeverAStackTrace(Case hostile) throws Exception {
		int campaigns = count("campaign");
		int digests = count("digest");
		int subscribers = count("subscriber");
		MockHttpServletResponse response = mvc.perform(hostile.request()).andReturn().getResponse();
		String body = response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(response.getStatus()).as(body).isBetween(400, 499);
		assertThat(body).doesNotContain("<script>").doesNotContain("Exception").doesNotContain("\tat ");
		assertThat(count("campaign")).isEqualTo(campaigns);
		assertThat(count("digest")).isEqualTo(digests);
		assertThat(count("subscriber")).isEqualTo(subscribers);
	}

	private int count(String table) {
		return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Integer.class).single();
	}

}
