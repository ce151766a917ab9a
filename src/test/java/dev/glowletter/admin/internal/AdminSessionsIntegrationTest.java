package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * An account's page sessions: listed on its account page, ended one by one or all but the
 * current one, by logging out and by a password change; and the configured owner's
 * two-factor login. With the accounts' context.
 */
@TestPropertySource(properties = "glowletter.test.context=accounts")
class AdminSessionsIntegrationTest extends IntegrationTest {

	private static final String PASSWORD = "amber meadow kettle";

	private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

	private static final String SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

	@Autowired
	TwoFactor twoFactor;

	@Autowired
	JdbcClient jdbc;

	private String newEditor() throws Exception {
		String name = "ses-" + UUID.randomUUID().toString().substring(0, 8);
		mvc.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\": \"" + name + "\", \"role\": \"EDITOR\", \"password\": \"" + PASSWORD + "\"}"))
			.andExpect(status().isCreated());
		return name;
	}

	private MockHttpSession login(String name, String password, String agent) throws Exception {
		return (MockHttpSession) mvc
			.perform(post("/admin/login").with(csrf())
				.header(HttpHeaders.USER_AGENT, agent)
				.param("username", name)
				.param("password", password))
			.andExpect(status().isFound())
			.andReturn()
			.getRequest()
			.getSession(false);
	}

	private List<Long> openSessions(String name) {
		return jdbc.sql("SELECT id FROM admin_session WHERE username_key = ? AND ended_at IS NULL ORDER BY id")
			.param(name)
			.query(Long.class)
			.list();
	}

	private void stillIn(MockHttpSession session) throws Exception {
		mvc.perform(get("/admin/campaigns").session(session)).andExpect(status().isOk());
	}

	private void loggedOut(MockHttpSession session) throws Exception {
		mvc.perform(get("/admin/campaigns").session(session).accept(MediaType.TEXT_HTML))
			.andExpect(redirectedUrl("/admin/login"));
	}

	@Test
	void anAccountSeesItsSessionsAndEndsAnother() throws Exception {
		String name = newEditor();
		MockHttpSession laptop = login(name, PASSWORD, FIREFOX);
		MockHttpSession phone = login(name, PASSWORD, SAFARI);
		List<Long> open = openSessions(name);
		assertThat(open).hasSize(2);

		String page = mvc.perform(get("/admin/account").session(laptop))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Firefox on Linux", "Safari on iOS");
		assertThat(page.split("this one", -1)).hasSize(2);
		// the other one has an end button, the current one none
		assertThat(page).contains("/admin/account/sessions/" + open.get(1) + "/end")
			.doesNotContain("/admin/account/sessions/" + open.get(0) + "/end");

		mvc.perform(post("/admin/account/sessions/" + open.get(1) + "/end").session(laptop).with(csrf()))
			.andExpect(redirectedUrl("/admin/account"));
		loggedOut(phone);
		stillIn(laptop);
		assertThat(openSessions(name)).containsExactly(open.get(0));
		// ended once: a second click finds nothing to end
		mvc.perform(post("/admin/account/sessions/" + open.get(1) + "/end").session(laptop).with(csrf()))
			.andExpect(status().isNotFound());
	}

	@Test
	void nobodyEndsAnotherAccountsSession() throws Exception {
		String victim = newEditor();
		String other = newEditor();
		MockHttpSession victims = login(victim, PASSWORD, FIREFOX);
		MockHttpSession others = login(other, PASSWORD, FIREFOX);
		long id = openSessions(victim).get(0);
		mvc.perform(post("/admin/account/sessions/" + id + "/end").session(others).with(csrf()))
			.andExpect(status().isNotFound());
		stillIn(victims);
		assertThat(openSessions(victim)).containsExactly(id);
		String page = mvc.perform(get("/admin/account").session(others)).andReturn().getResponse().getContentAsString();
		assertThat(page).doesNotContain("/admin/account/sessions/" + id + "/end");
	}

	@Test
	void endAllOthersLogoutAndAPasswordChangeEndSessions() throws Exception {
		String name = newEditor();
		MockHttpSession first = login(name, PASSWORD, FIREFOX);
		MockHttpSession second = login(name, PASSWORD, SAFARI);
		MockHttpSession third = login(name, PASSWORD, FIREFOX);
		assertThat(openSessions(name)).hasSize(3);
		mvc.perform(post("/admin/account/sessions/end-others").session(third).with(csrf()))
			.andExpect(redirectedUrl("/admin/account"));
		loggedOut(first);
		loggedOut(second);
		stillIn(third);
		assertThat(openSessions(name)).hasSize(1);

		mvc.perform(post("/admin/logout").session(third).with(csrf()).accept(MediaType.TEXT_HTML))
			.andExpect(redirectedUrl("/admin/login?logout"));
		assertThat(openSessions(name)).isEmpty();

		MockHttpSession fourth = login(name, PASSWORD, FIREFOX);
		MockHttpSession fifth = login(name, PASSWORD, SAFARI);
		mvc.perform(post("/admin/account/password").session(fifth)
			.with(csrf())
			.param("current", PASSWORD)
			.param("password", "a whole new password")).andExpect(redirectedUrl("/admin/account"));
		loggedOut(fourth);
		stillIn(fifth);
		assertThat(openSessions(name)).hasSize(1);
	}

	@Test
	void aSessionIdleBeyondTheTimeoutIsNotListed() throws Exception {
		String name = newEditor();
		MockHttpSession session = login(name, PASSWORD, FIREFOX);
		login(name, PASSWORD, SAFARI);
		clock.advance(Duration.ofMinutes(31));
		String page = mvc.perform(get("/admin/account").session(session))
			.andReturn()
			.getResponse()
			.getContentAsString();
		// the one just used is seen again; the idle one is gone from the list
		assertThat(page).contains("Firefox on Linux").doesNotContain("Safari on iOS");
	}

	@Test
	void theConfiguredOwnerSetsUpTwoFactorLogin() throws Exception {
		try {
			MockHttpSession session = login("admin", ADMIN_PASSWORD, FIREFOX);
			mvc.perform(get("/admin/account").session(session))
				.andExpect(content().string(containsString("Set up two-factor login")));
			mvc.perform(post("/admin/account/two-factor/start").session(session).with(csrf()))
				.andExpect(redirectedUrl("/admin/account/two-factor"));
			String setUp = mvc.perform(get("/admin/account/two-factor").session(session))
				.andReturn()
				.getResponse()
				.getContentAsString();
			String key = setUp.replaceAll("(?s).*id=\"totp-key\">([A-Z2-7 ]+)<.*", "$1").replace(" ", "");
			mvc.perform(post("/admin/account/two-factor").session(session)
				.with(csrf())
				.param("code", twoFactor.code(key, clock.instant()))).andExpect(redirectedUrl("/admin/account"));

			// the password alone: the code is asked
			MockHttpSession next = login("admin", ADMIN_PASSWORD, FIREFOX);
			assertThat(next.getAttribute(TwoFactorLogin.PENDING)).isNotNull();
			loggedOut(next);
			clock.advance(Duration.ofSeconds(31));
			MvcResult in = mvc
				.perform(post("/admin/login/code").session(next)
					.with(csrf())
					.param("code", twoFactor.code(key, clock.instant())))
				.andExpect(redirectedUrl("/admin"))
				.andReturn();
			stillIn((MockHttpSession) in.getRequest().getSession(false));
			// Basic is refused for it now; its row is no team account
			mvc.perform(get("/actuator/prometheus").with(httpBasic("admin", ADMIN_PASSWORD)))
				.andExpect(status().isUnauthorized());
			mvc.perform(get("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD)))
				.andExpect(status().isUnauthorized());
			String team = mvc.perform(get("/admin/accounts").session((MockHttpSession) in.getRequest().getSession()))
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(team.split(">admin<", -1)).hasSize(2);
			assertThat(team).contains("Set in the configuration; two-factor login on");
		}
		finally {
			jdbc.sql("""
					UPDATE admin_account SET totp_secret = NULL, totp_last_step = NULL, totp_failures = 0
					WHERE configured""").update();
		}
		mvc.perform(get("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))).andExpect(status().isOk());
	}

	@Test
	void whileTwoFactorIsRequiredTheConfiguredOwnerSetsItUpFirst() throws Exception {
		MockHttpSession owner = login("admin", ADMIN_PASSWORD, FIREFOX);
		try {
			mvc.perform(
					post("/admin/accounts/two-factor-required").session(owner).with(csrf()).param("required", "true"))
				.andExpect(redirectedUrl("/admin/accounts"));
			mvc.perform(get("/admin/campaigns").session(owner))
				.andExpect(redirectedUrl("/admin/account?twoFactorRequired"));
			mvc.perform(get("/admin/account").session(owner))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("requires two-factor login")))
				.andExpect(content().string(not(containsString("configured password alone"))));
		}
		finally {
			twoFactor.require(false);
		}
		stillIn(owner);
	}

}
