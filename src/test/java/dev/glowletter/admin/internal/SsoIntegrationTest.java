package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Single sign-on by OpenID Connect against a provider run inside the test
 * ({@link TestOidcProvider}), through the whole browser flow: Glowletter sends the
 * browser to the provider, the provider sends it back with a code, Glowletter exchanges
 * the code for an ID token, checks it, maps its claims to a role and logs the session in
 * as a stored account.
 */
@TestPropertySource(properties = { "glowletter.test.context=sso",
		"spring.security.oauth2.client.registration.test.client-id=" + TestOidcProvider.CLIENT_ID,
		"spring.security.oauth2.client.registration.test.client-secret=" + TestOidcProvider.CLIENT_SECRET,
		"spring.security.oauth2.client.registration.test.client-name=Test ID",
		"spring.security.oauth2.client.registration.test.scope=openid,email",
		"glowletter.admin.sso.roles-by-email-domain[editors.example]=EDITOR",
		"glowletter.admin.sso.roles-by-email-domain[viewers.example]=VIEWER",
		"glowletter.admin.sso.roles-by-group[glowletter-owners]=OWNER",
		"glowletter.admin.sso.roles-by-group[glowletter-viewers]=VIEWER" })
class SsoIntegrationTest extends IntegrationTest {

	private static final String STRONG = "tulip lantern orbit";

	private final HttpClient browser = HttpClient.newHttpClient();

	@Autowired
	Accounts accounts;

	@Autowired
	TwoFactor twoFactor;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		// discovery is read as the context starts: the provider runs before it
		registry.add("spring.security.oauth2.client.provider.test.issuer-uri", () -> TestOidcProvider.get().issuer());
	}

	@Test
	void theLoginPageOffersTheProvider() throws Exception {
		mvc.perform(get("/admin/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/oauth2/authorization/test\"")))
			.andExpect(content().string(containsString("Log in with Test ID")));
	}

	@Test
	void anAddressOfAMappedDomainLogsInAsAStoredAccountOfItsRole() throws Exception {
		String email = unique("editors.example");
		String subject = UUID.randomUUID().toString();
		MockHttpSession session = new MockHttpSession();
		// the provider's address in any case: the account is named in lower case
		MvcResult back = signOn(session, claims(subject, email.toUpperCase(), true, List.of()), false);
		assertThat(back.getResponse().getRedirectedUrl()).isEqualTo("/admin");
		// as a password login: LiveAccountFilter compares it with a later password change
		assertThat(session.getAttribute(TwoFactorLogin.LOGGED_IN_AT)).isNotNull();
		// listed on its account page, like a password login's session
		assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_session WHERE username_key = ? AND ended_at IS NULL")
			.param(email)
			.query(Long.class)
			.single()).isEqualTo(1);

		mvc.perform(get("/admin/campaigns").session(session)).andExpect(status().isOk());
		mvc.perform(get("/admin/accounts").session(session)).andExpect(status().isForbidden());
		Accounts.Account account = accounts.find(email).orElseThrow();
		assertThat(account.username()).isEqualTo(email);
		assertThat(account.role()).isEqualTo(Accounts.Role.EDITOR);
		assertThat(account.singleSignOn()).isTrue();
		assertThat(account.ssoIssuer()).isEqualTo(TestOidcProvider.get().issuer());
		assertThat(account.ssoSubject()).isEqualTo(subject);
		assertThat(actions(email)).contains("login by single sign-on (test)");
		mvc.perform(get("/admin/accounts").with(user("admin").roles("OWNER")))
			.andExpect(content().string(containsString(email + " <span class=\"badge\">single sign-on</span>")));
		// no password logs it in, and none can be reset by e-mail
		assertThat(accounts.byNameOrEmail(email)).isEmpty();
	}

	@Test
	void aGroupMapsToItsRoleAndTheHighestRoleWins() throws Exception {
		String email = unique("editors.example");
		MockHttpSession session = new MockHttpSession();
		signOn(session, claims(UUID.randomUUID().toString(), email, true, List.of("glowletter-owners", "other")),
				false);

		mvc.perform(get("/admin/accounts").session(session)).andExpect(status().isOk());
		assertThat(accounts.find(email).orElseThrow().role()).isEqualTo(Accounts.Role.OWNER);
	}

	@Test
	void noMatchingClaimIsRefusedAndNothingIsStored() throws Exception {
		String email = unique("elsewhere.example");
		MockHttpSession session = new MockHttpSession();
		refused(session, claims(UUID.randomUUID().toString(), email, true, List.of("glowletter-editors")), false,
				"Your account at Test ID has no role here; ask an owner.");

		assertThat(accounts.find(email)).isEmpty();
		assertThat(actions(email)).containsExactly("single sign-on refused: no role");
	}

	@Test
	void anAddressNotVerifiedCountsForNothing() throws Exception {
		String email = unique("editors.example");
		refused(new MockHttpSession(), claims(UUID.randomUUID().toString(), email, false, List.of()), false,
				"has no verified e-mail address");
		// a group gives a role, but the account would be named by an address nobody
		// checked
		refused(new MockHttpSession(), claims(UUID.randomUUID().toString(), email, false, List.of("glowletter-owners")),
				false, "has no verified e-mail address");

		assertThat(accounts.find(email)).isEmpty();
	}

	@Test
	void aTokenThatIsNotRightLogsNobodyIn() throws Exception {
		int failedBefore = failures();
		int passwordFailuresBefore = passwordFailures();
		String forged = unique("editors.example");
		refused(new MockHttpSession(), claims(UUID.randomUUID().toString(), forged, true, List.of()), true,
				"The single sign-on did not work");
		Map<String, Object> replayed = claims(UUID.randomUUID().toString(), unique("editors.example"), true, List.of());
		replayed.put("nonce", "another-login");
		refused(new MockHttpSession(), replayed, false, "The single sign-on did not work");
		Map<String, Object> otherClient = claims(UUID.randomUUID().toString(), unique("editors.example"), true,
				List.of());
		otherClient.put("aud", "another-client");
		refused(new MockHttpSession(), otherClient, false, "The single sign-on did not work");
		Map<String, Object> otherIssuer = claims(UUID.randomUUID().toString(), unique("editors.example"), true,
				List.of());
		otherIssuer.put("iss", "https://id.attacker.example");
		refused(new MockHttpSession(), otherIssuer, false, "The single sign-on did not work");

		assertThat(accounts.find(forged)).isEmpty();
		assertThat(failures()).isEqualTo(failedBefore + 4);
		// written once each, not again as failed password logins
		assertThat(passwordFailures()).isEqualTo(passwordFailuresBefore);
	}

	@Test
	void aPasswordAccountOfTheSameNameIsNotTakenOver() throws Exception {
		String email = unique("editors.example");
		accounts.create(email, email, "VIEWER", STRONG, "test");

		refused(new MockHttpSession(), claims(UUID.randomUUID().toString(), email, true, List.of("glowletter-owners")),
				false, "The account " + email + " here is not linked to your account at Test ID; ask an owner.");

		Accounts.Account account = accounts.find(email).orElseThrow();
		assertThat(account.role()).isEqualTo(Accounts.Role.VIEWER);
		assertThat(account.singleSignOn()).isFalse();
		assertThat(actions(email))
			.contains("single sign-on refused: name taken by an account not linked to this login");
	}

	@Test
	void anotherIdentityClaimingALinkedAddressIsRefused() throws Exception {
		String email = unique("editors.example");
		String subject = UUID.randomUUID().toString();
		signOn(new MockHttpSession(), claims(subject, email, true, List.of()), false);

		refused(new MockHttpSession(), claims(UUID.randomUUID().toString(), email, true, List.of("glowletter-owners")),
				false, "is not linked to your account at Test ID");

		Accounts.Account account = accounts.find(email).orElseThrow();
		assertThat(account.ssoSubject()).isEqualTo(subject);
		assertThat(account.role()).isEqualTo(Accounts.Role.EDITOR);
	}

	@Test
	void aDisabledAccountIsRefusedAndItsSessionsEnd() throws Exception {
		String email = unique("editors.example");
		String subject = UUID.randomUUID().toString();
		MockHttpSession session = new MockHttpSession();
		signOn(session, claims(subject, email, true, List.of()), false);
		mvc.perform(get("/admin/campaigns").session(session)).andExpect(status().isOk());

		accounts.enable(accounts.find(email).orElseThrow().id(), false);

		assertNotLoggedIn(session);
		refused(new MockHttpSession(), claims(subject, email, true, List.of()), false,
				"Your account here is disabled; ask an owner.");
		assertThat(actions(email)).contains("single sign-on refused: account disabled");
	}

	@Test
	void theRoleIsMappedAgainAtEachLoginAndSessionsOfTheOldRoleEnd() throws Exception {
		String email = unique("editors.example");
		String subject = UUID.randomUUID().toString();
		MockHttpSession asOwner = new MockHttpSession();
		signOn(asOwner, claims(subject, email, true, List.of("glowletter-owners")), false);
		mvc.perform(get("/admin/accounts").session(asOwner)).andExpect(status().isOk());

		// left the owners' group at the provider
		MockHttpSession asEditor = new MockHttpSession();
		signOn(asEditor, claims(subject, email, true, List.of()), false);

		assertThat(accounts.find(email).orElseThrow().role()).isEqualTo(Accounts.Role.EDITOR);
		mvc.perform(get("/admin/accounts").session(asEditor)).andExpect(status().isForbidden());
		mvc.perform(get("/admin/campaigns").session(asEditor)).andExpect(status().isOk());
		assertNotLoggedIn(asOwner);

		// an owner's change of role on the Team page ends it too
		accounts.changeRole(accounts.find(email).orElseThrow().id(), "VIEWER");
		assertNotLoggedIn(asEditor);
	}

	@Test
	void requiredTwoFactorLoginDoesNotHoldUpASingleSignOnAccount() throws Exception {
		twoFactor.require(true);
		try {
			MockHttpSession session = new MockHttpSession();
			signOn(session, claims(UUID.randomUUID().toString(), unique("viewers.example"), true, List.of()), false);

			mvc.perform(get("/admin/campaigns").session(session)).andExpect(status().isOk());
			mvc.perform(get("/admin/account").session(session))
				.andExpect(status().isOk())
				.andExpect(content().string(not(containsString("two-factor-required"))))
				.andExpect(content().string(containsString("You log in by single sign-on")))
				.andExpect(content().string(not(containsString("Change password"))));
		}
		finally {
			twoFactor.require(false);
		}
	}

	/**
	 * The browser's way: to the provider (whose login the test stands for), back with a
	 * code; the answer of Glowletter's callback.
	 */
	private MvcResult signOn(MockHttpSession session, Map<String, Object> claims, boolean wrongKey) throws Exception {
		MvcResult start = mvc.perform(get("/oauth2/authorization/test").session(session))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		String authorize = start.getResponse().getRedirectedUrl();
		assertThat(authorize).startsWith(TestOidcProvider.get().issuer() + "/authorize?")
			.contains("nonce=")
			.contains("state=");
		TestOidcProvider.get().nextLogin(claims, wrongKey);
		String callback = provider(authorize);
		assertThat(callback).startsWith("http://localhost/login/oauth2/code/test?code=");
		return mvc.perform(get(URI.create(callback)).session(session))
			.andExpect(status().is3xxRedirection())
			.andReturn();
	}

	/**
	 * A login that comes back refused: to the login page, which says why once, and not
	 * logged in.
	 */
	private void refused(MockHttpSession session, Map<String, Object> claims, boolean wrongKey, String why)
			throws Exception {
		MvcResult back = signOn(session, claims, wrongKey);
		assertThat(back.getResponse().getRedirectedUrl()).isEqualTo("/admin/login?sso");
		mvc.perform(get("/admin/login").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(why)));
		mvc.perform(get("/admin/login").session(session)).andExpect(content().string(not(containsString(why))));
		assertNotLoggedIn(session);
	}

	private void assertNotLoggedIn(MockHttpSession session) throws Exception {
		mvc.perform(get("/admin/campaigns").session(session)).andExpect(redirectedUrl("/admin/login"));
	}

	/** Where the provider sends the browser back to. */
	private String provider(String authorize) throws IOException, InterruptedException {
		HttpResponse<Void> answer = browser.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
				HttpResponse.BodyHandlers.discarding());
		assertThat(answer.statusCode()).isEqualTo(302);
		return answer.headers().firstValue("Location").orElseThrow();
	}

	private static Map<String, Object> claims(String subject, String email, boolean verified, List<String> groups) {
		Map<String, Object> claims = new HashMap<>();
		claims.put("sub", subject);
		claims.put("email", email);
		claims.put("email_verified", verified);
		claims.put("groups", groups);
		return claims;
	}

	private static String unique(String domain) {
		return "sso-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
	}

	private List<String> actions(String actor) {
		return jdbc.sql("SELECT action FROM audit_event WHERE actor = ? ORDER BY id")
			.param(actor)
			.query(String.class)
			.list();
	}

	private int passwordFailures() {
		return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'login failed: %'")
			.query(Integer.class)
			.single();
	}

	private int failures() {
		return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'single sign-on failed: %'")
			.query(Integer.class)
			.single();
	}

}
