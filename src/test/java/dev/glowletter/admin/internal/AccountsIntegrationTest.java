package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The team (issue 18): roles over every admin page and API endpoint, accounts, API
 * tokens. In a context of its own: the matrix calls every page the roles may open.
 */
@TestPropertySource(properties = "glowletter.test.context=accounts")
class AccountsIntegrationTest extends IntegrationTest {

	private static final String STRONG = "tulip lantern orbit";

	/**
	 * Only an owner: the team, erasing or exporting readers' data, and the webhooks
	 * (their secrets sign what the list tells the outside world).
	 */
	private static final List<Pattern> OWNERS_ONLY = List.of(Pattern.compile("/admin/accounts.*"),
			Pattern.compile("/(admin|api)/audit"), Pattern.compile("/api/accounts.*"),
			Pattern.compile("/admin/subscribers/export"), Pattern.compile("/api/subscribers/export"),
			Pattern.compile("/admin/subscribers/1/erase"), Pattern.compile("/actuator/(?!health|info).*"),
			Pattern.compile("/(admin|api)/webhooks.*"));

	/** Any signed-in role may act here: their own account, and logging out. */
	private static final List<Pattern> ANY_ROLE = List.of(Pattern.compile("/admin/account(/.*)?"),
			Pattern.compile("/api/tokens(/.*)?"), Pattern.compile("/admin/logout"));

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Accounts accounts;

	@Test
	void everyAdminPageAndApiEndpointRefusesTheRolesThatMayNotAct() throws Exception {
		for (String role : List.of("VIEWER", "EDITOR")) {
			if (accounts.find(matrixUser(role)).isEmpty()) {
				accounts.create(matrixUser(role), null, role, STRONG, "test");
			}
		}
		List<String> checked = new ArrayList<>();
		List<String> wrong = new ArrayList<>();
		for (var entry : mappings.getHandlerMethods().entrySet()) {
			for (String pattern : patterns(entry.getKey())) {
				String path = concrete(pattern);
				if (!path.startsWith("/admin") && !path.startsWith("/api") && !path.startsWith("/dev")
						|| path.startsWith("/admin/login") || path.startsWith("/admin/invite/")
						|| path.startsWith("/admin/reset/") || path.equals("/api/subscriptions")) {
					continue;
				}
				for (HttpMethod method : methods(entry.getKey())) {
					boolean reading = method == HttpMethod.GET || method == HttpMethod.HEAD;
					boolean ownersOnly = OWNERS_ONLY.stream().anyMatch(p -> p.matcher(path).matches());
					boolean anyRole = ANY_ROLE.stream().anyMatch(p -> p.matcher(path).matches());
					boolean devInbox = path.startsWith("/dev");
					// a viewer reads (not the dev inbox), an editor writes too
					boolean viewerMay = anyRole || reading && !ownersOnly && !devInbox;
					boolean editorMay = anyRole || !ownersOnly;
					check(wrong, method, path, "VIEWER", viewerMay, entry.getValue());
					check(wrong, method, path, "EDITOR", editorMay, entry.getValue());
					checked.add(method + " " + path);
				}
			}
		}
		assertThat(checked).as("the endpoints walked").hasSizeGreaterThan(100);
		assertThat(wrong).as("roles let in where they may not act, or kept out where they may").isEmpty();
	}

	/**
	 * Denied must be a 403 before the handler runs; allowed is checked by reading only (a
	 * GET as the role is not refused), so the walk changes nothing.
	 */
	private void check(List<String> wrong, HttpMethod method, String path, String role, boolean may,
			HandlerMethod handler) throws Exception {
		boolean reading = method == HttpMethod.GET || method == HttpMethod.HEAD;
		if (may && !reading) {
			return;
		}
		MvcResult result = mvc.perform(as(role, request(method, path))).andReturn();
		int status = result.getResponse().getStatus();
		if (may ? status == 403 || status == 401 : status != 403) {
			wrong.add(role + " " + method + " " + path + " → " + status + " (" + handler.getShortLogMessage() + ")");
		}
	}

	private static MockHttpServletRequestBuilder as(String role, MockHttpServletRequestBuilder request) {
		return request.with(user(matrixUser(role)).roles(role)).with(csrf());
	}

	private static String matrixUser(String role) {
		return "matrix-" + role.toLowerCase();
	}

	private static Set<String> patterns(RequestMappingInfo info) {
		return info.getPathPatternsCondition() == null ? Set.of() : info.getPathPatternsCondition().getPatternValues();
	}

	private static List<HttpMethod> methods(RequestMappingInfo info) {
		var declared = info.getMethodsCondition().getMethods();
		if (declared.isEmpty()) {
			return List.of(HttpMethod.GET, HttpMethod.POST);
		}
		return declared.stream().map(method -> HttpMethod.valueOf(method.name())).toList();
	}

	/**
	 * The pattern with each variable as "1" ("/api/campaigns/{id}" → "/api/campaigns/1").
	 */
	private static String concrete(String pattern) {
		return pattern.replaceAll("\\{\\*?[A-Za-z]+(:[^}]*)?}", "1").replace("/**", "/1");
	}

	@Test
	void anOwnerAddsAnEditorWhoLogsInWritesAndCannotManageTheTeam() throws Exception {
		String name = "editor-" + UUID.randomUUID().toString().substring(0, 8);
		mvc.perform(
				post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
					.contentType(MediaType.APPLICATION_JSON)
					.content("""
							{"username": "%s", "email": "ed@example.org", "role": "EDITOR", "password": "%s"}"""
						.formatted(name, STRONG)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.role").value("EDITOR"));
		assertThat(jdbc.sql("SELECT password_hash FROM admin_account WHERE username = ?")
			.param(name)
			.query(String.class)
			.single()).startsWith("{bcrypt}").doesNotContain(STRONG);

		mvc.perform(get("/api/campaigns").with(httpBasic(name, STRONG))).andExpect(status().isOk());
		mvc.perform(post("/api/articles").with(httpBasic(name, STRONG))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"By the editor\", \"url\": \"https://blog.example.org/by-the-editor\"}"))
			.andExpect(status().isCreated());
		mvc.perform(get("/api/accounts").with(httpBasic(name, STRONG)))
			.andExpect(status().isForbidden())
			.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE))
			.andExpect(jsonPath("$.title").value("Not allowed for your role"));
		mvc.perform(get("/api/subscribers/export").with(httpBasic(name, STRONG))).andExpect(status().isForbidden());

		// the form login too, and the team page is not theirs
		MvcResult login = mvc
			.perform(post("/admin/login").with(csrf()).param("username", name).param("password", STRONG))
			.andExpect(status().isFound())
			.andReturn();
		assertThat(login.getResponse().getRedirectedUrl()).endsWith("/admin");
	}

	@Test
	void weakDuplicateAndMalformedAccountsAreRefusedWithTheFieldNamed() throws Exception {
		String name = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
		for (String[] bad : new String[][] { { name, "VIEWER", "short" }, { name, "VIEWER", "password1234" },
				{ name, "VIEWER", name + "-and-more" }, { name, "VIEWER", "aaaaaaaaaaaaaaaa" },
				{ "x", "VIEWER", STRONG }, { "<script>", "VIEWER", STRONG }, { name, "KING", STRONG },
				{ "admin", "VIEWER", STRONG }, { "ADMIN", "VIEWER", STRONG } }) {
			MvcResult refused = mvc
				.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"username\": " + JsonQuote.of(bad[0]) + ", \"role\": \"" + bad[1]
							+ "\", \"password\": \"" + bad[2] + "\"}"))
				.andExpect(status().isBadRequest())
				.andReturn();
			assertThat(refused.getResponse().getContentAsString()).as(String.join(" / ", bad))
				.contains("errors")
				.doesNotContain("<script>");
		}
		assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_account WHERE username_key = ?")
			.param(name)
			.query(Long.class)
			.single()).isZero();

		mvc.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\": \"" + name + "\", \"role\": \"VIEWER\", \"password\": \"" + STRONG + "\"}"))
			.andExpect(status().isCreated());
		mvc.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\": \"" + name.toUpperCase() + "\", \"role\": \"VIEWER\", \"password\": \"" + STRONG
					+ "\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.username").value("This user name is taken."));
		// a viewer reads, and may not write
		mvc.perform(get("/api/articles").with(httpBasic(name, STRONG))).andExpect(status().isOk());
		mvc.perform(post("/api/articles").with(httpBasic(name, STRONG))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"By the viewer\", \"url\": \"https://blog.example.org/by-the-viewer\"}"))
			.andExpect(status().isForbidden());
	}

	@Test
	void tokensActForTheirAccountWithinTheirScopeUntilRevokedOrExpired() throws Exception {
		String write = token("admin", ADMIN_PASSWORD, "WRITE", null);
		String read = token("admin", ADMIN_PASSWORD, "READ", 1);
		assertThat(write).startsWith("glw_").hasSizeGreaterThan(40);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM api_token WHERE token_hash = ? OR token_hash = ?")
			.params(write, read)
			.query(Long.class)
			.single()).as("only fingerprints are kept").isZero();

		mvc.perform(get("/api/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + write))
			.andExpect(status().isOk());
		mvc.perform(post("/api/articles").header(HttpHeaders.AUTHORIZATION, "Bearer " + write)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"By a token\", \"url\": \"https://blog.example.org/by-a-token\"}"))
			.andExpect(status().isCreated());
		mvc.perform(get("/api/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + read))
			.andExpect(status().isOk());
		mvc.perform(post("/api/articles").header(HttpHeaders.AUTHORIZATION, "Bearer " + read)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"title\": \"By a read token\", \"url\": \"https://blog.example.org/by-a-read-token\"}"))
			.andExpect(status().isForbidden());
		assertThat(jdbc.sql("SELECT last_used_at FROM api_token WHERE token_hash = ?")
			.param(Accounts.sha256(read))
			.query(Object.class)
			.single()).isNotNull();

		// altered, truncated, padded, unknown: 401 and no challenge a browser would
		// answer
		for (String forged : List.of(write.substring(0, write.length() - 1) + flip(write.charAt(write.length() - 1)),
				write.substring(0, 20), write + "A", "glw_", "not-a-token", "x".repeat(5000))) {
			mvc.perform(get("/api/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged))
				.andExpect(status().isUnauthorized())
				.andExpect(header().doesNotExist(HttpHeaders.WWW_AUTHENTICATE));
		}

		// a day and a bit later the one-day token has expired
		clock.advance(Duration.ofHours(25));
		mvc.perform(get("/api/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + read))
			.andExpect(status().isUnauthorized());

		long id = jdbc.sql("SELECT id FROM api_token WHERE token_hash = ?")
			.param(Accounts.sha256(write))
			.query(Long.class)
			.single();
		mvc.perform(delete("/api/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + write))
			.andExpect(status().isNoContent());
		mvc.perform(get("/api/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + write))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void aDisabledAccountCannotLogInAndItsTokensStop() throws Exception {
		String name = "leaver-" + UUID.randomUUID().toString().substring(0, 8);
		String created = mvc
			.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\": \"" + name + "\", \"role\": \"EDITOR\", \"password\": \"" + STRONG + "\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		long id = ((Number) JsonPath.read(created, "$.id")).longValue();
		String secret = token(name, STRONG, "WRITE", null);
		mvc.perform(get("/api/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].owner").value(name));

		mvc.perform(request(HttpMethod.PATCH, "/api/accounts/" + id).with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"enabled\": false}")).andExpect(status().isOk()).andExpect(jsonPath("$.enabled").value(false));

		mvc.perform(get("/api/campaigns").with(httpBasic(name, STRONG))).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret))
			.andExpect(status().isUnauthorized());
		mvc.perform(post("/admin/login").with(csrf()).param("username", name).param("password", STRONG))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/admin/login?error"));
	}

	@Test
	void aPasswordChangeEndsTheAccountsOtherSessionsButNotTheOneThatChangedIt() throws Exception {
		String name = "changer-" + UUID.randomUUID().toString().substring(0, 8);
		mvc.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\": \"" + name + "\", \"role\": \"EDITOR\", \"password\": \"" + STRONG + "\"}"))
			.andExpect(status().isCreated());
		MockHttpSession here = login(name, STRONG);
		MockHttpSession elsewhere = login(name, STRONG);
		clock.advance(Duration.ofSeconds(1));

		mvc.perform(post("/admin/account/password").session(here)
			.with(csrf())
			.param("current", STRONG)
			.param("password", "harvest lantern pebble")).andExpect(redirectedUrl("/admin/account"));

		mvc.perform(get("/admin/campaigns").session(here)).andExpect(status().isOk());
		mvc.perform(get("/admin/campaigns").session(elsewhere).accept(MediaType.TEXT_HTML))
			.andExpect(redirectedUrl("/admin/login"));
		mvc.perform(get("/admin/campaigns").session(login(name, "harvest lantern pebble"))).andExpect(status().isOk());
	}

	private MockHttpSession login(String name, String password) throws Exception {
		return (MockHttpSession) mvc
			.perform(post("/admin/login").with(csrf()).param("username", name).param("password", password))
			.andExpect(redirectedUrl("/admin"))
			.andReturn()
			.getRequest()
			.getSession(false);
	}

	@Test
	void theOpenSessionOfAnAccountDisabledOrGivenAnotherRoleEndsAtItsNextRequest() throws Exception {
		for (String change : List.of("{\"enabled\": false}", "{\"role\": \"VIEWER\"}")) {
			String name = "session-" + UUID.randomUUID().toString().substring(0, 8);
			String created = mvc
				.perform(
						post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
							.contentType(MediaType.APPLICATION_JSON)
							.content("{\"username\": \"" + name + "\", \"role\": \"EDITOR\", \"password\": \"" + STRONG
									+ "\"}"))
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString();
			long id = ((Number) JsonPath.read(created, "$.id")).longValue();
			MockHttpSession session = (MockHttpSession) mvc
				.perform(post("/admin/login").with(csrf()).param("username", name).param("password", STRONG))
				.andExpect(status().isFound())
				.andReturn()
				.getRequest()
				.getSession(false);
			mvc.perform(get("/admin/campaigns").session(session)).andExpect(status().isOk());

			mvc.perform(request(HttpMethod.PATCH, "/api/accounts/" + id).with(httpBasic("admin", ADMIN_PASSWORD))
				.contentType(MediaType.APPLICATION_JSON)
				.content(change)).andExpect(status().isOk());

			mvc.perform(get("/admin/campaigns").session(session).accept(MediaType.TEXT_HTML))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/admin/login"));
		}
	}

	@Test
	void theAccountPageMakesATokenShownOnceAndChangesThePassword() throws Exception {
		String name = "page-" + UUID.randomUUID().toString().substring(0, 8);
		mvc.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\": \"" + name + "\", \"role\": \"VIEWER\", \"password\": \"" + STRONG + "\"}"))
			.andExpect(status().isCreated());
		var viewer = user(name).roles("VIEWER");

		MvcResult made = mvc
			.perform(post("/admin/account/tokens").with(viewer)
				.with(csrf())
				.param("name", "<b>reports</b>")
				.param("scope", "READ"))
			.andExpect(status().isFound())
			.andReturn();
		String secret = (String) made.getFlashMap().get("newToken");
		assertThat(secret).startsWith("glw_");
		mvc.perform(get("/admin/account").with(viewer))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("&lt;b&gt;reports&lt;/b&gt;")))
			.andExpect(content().string(not(containsString(secret))));

		mvc.perform(post("/admin/account/password").with(viewer)
			.with(csrf())
			.param("current", "wrong wrong wrong")
			.param("password", "meadow compass ember"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This is not your current password.")));
		mvc.perform(post("/admin/account/password").with(viewer)
			.with(csrf())
			.param("current", STRONG)
			.param("password", "meadow compass ember")).andExpect(status().isFound());
		mvc.perform(get("/api/campaigns").with(httpBasic(name, STRONG))).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/campaigns").with(httpBasic(name, "meadow compass ember"))).andExpect(status().isOk());

		// logged in with the new password (sessions from before the change have ended)
		mvc.perform(get("/admin/accounts").session(login(name, "meadow compass ember")))
			.andExpect(status().isForbidden());
		mvc.perform(get("/admin/accounts").with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(name)));
	}

	@Autowired
	AuditLog audit;

	@Test
	void theAuditLogSaysWhoChangedWhatFromWhereAndWhoFailedToLogIn() throws Exception {
		String name = "audited-" + UUID.randomUUID().toString().substring(0, 8);
		mvc.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD)).with(request -> {
			request.setRemoteAddr("203.0.113.7");
			return request;
		})
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\": \"" + name + "\", \"role\": \"EDITOR\", \"password\": \"" + STRONG + "\"}"))
			.andExpect(status().isCreated());
		mvc.perform(post("/admin/login").with(csrf()).param("username", name).param("password", "not the password"))
			.andExpect(status().isFound());
		mvc.perform(get("/api/campaigns").with(httpBasic(name, STRONG))).andExpect(status().isOk());

		String log = mvc.perform(get("/api/audit?size=5").with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		List<String> actions = JsonPath.read(log, "$[*].action");
		assertThat(actions).as("newest first; reading is not logged")
			.startsWith("login failed: BadCredentialsException", "POST /api/accounts");
		assertThat((String) JsonPath.read(log, "$[1].actor")).isEqualTo("admin");
		assertThat((String) JsonPath.read(log, "$[1].address")).isEqualTo("203.0.113.7");
		assertThat((Integer) JsonPath.read(log, "$[1].status")).isEqualTo(201);
		assertThat((String) JsonPath.read(log, "$[0].actor")).isEqualTo(name);

		mvc.perform(get("/admin/audit").with(user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("POST /api/accounts")));
		mvc.perform(get("/api/audit?size=100000").with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().isBadRequest());

		jdbc.sql("INSERT INTO audit_event (at, actor, action) VALUES (?, 'old', 'POST /api/old')")
			.param(clock.instant().minus(Duration.ofDays(400)).atOffset(ZoneOffset.UTC))
			.update();
		assertThat(audit.purge()).isGreaterThanOrEqualTo(1);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE actor = 'old'").query(Long.class).single())
			.isZero();
	}

	private String token(String username, String password, String scope, Integer days) throws Exception {
		String body = mvc
			.perform(post("/api/tokens").with(httpBasic(username, password))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"test\", \"scope\": \"" + scope + "\", \"validDays\": " + days + "}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(body, "$.secret");
	}

	private static char flip(char c) {
		return c == 'A' ? 'B' : 'A';
	}

	/** A JSON string literal. */
	private static final class JsonQuote {

		static String of(String text) {
			return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
		}

	}

}
