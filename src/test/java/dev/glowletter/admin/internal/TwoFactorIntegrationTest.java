package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;

/** Two-factor login (TOTP) of a stored account, with the accounts' context. */
@TestPropertySource(properties = "glowletter.test.context=accounts")
class TwoFactorIntegrationTest extends IntegrationTest {

	private static final String PASSWORD = "quiet river lantern";

	@Autowired
	TwoFactor twoFactor;

	private String newEditor() throws Exception {
		String name = "tf-" + UUID.randomUUID().toString().substring(0, 8);
		mvc.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\": \"" + name + "\", \"role\": \"EDITOR\", \"password\": \"" + PASSWORD + "\"}"))
			.andExpect(status().isCreated());
		return name;
	}

	private MockHttpSession password(String name) throws Exception {
		return (MockHttpSession) mvc
			.perform(post("/admin/login").with(csrf()).param("username", name).param("password", PASSWORD))
			.andExpect(status().isFound())
			.andReturn()
			.getRequest()
			.getSession(false);
	}

	/**
	 * Sets two-factor login up through the account page; returns the key and the recovery
	 * codes.
	 */
	private String setUp(String name, List<String> recovery) throws Exception {
		MockHttpSession session = password(name);
		mvc.perform(post("/admin/account/two-factor/start").session(session).with(csrf()))
			.andExpect(redirectedUrl("/admin/account/two-factor"));
		String page = mvc.perform(get("/admin/account/two-factor").session(session))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String key = page.replaceAll("(?s).*id=\"totp-key\">([A-Z2-7 ]+)<.*", "$1").replace(" ", "");
		assertThat(page).contains("otpauth://totp/Glowletter:" + name + "?secret=" + key);

		mvc.perform(post("/admin/account/two-factor").session(session).with(csrf()).param("code", "000000"))
			.andExpect(status().isOk());
		MvcResult on = mvc
			.perform(post("/admin/account/two-factor").session(session)
				.with(csrf())
				.param("code", twoFactor.code(key, clock.instant())))
			.andExpect(redirectedUrl("/admin/account"))
			.andReturn();
		@SuppressWarnings("unchecked")
		List<String> codes = (List<String>) on.getFlashMap().get("recoveryCodes");
		recovery.addAll(codes);
		return key;
	}

	@Test
	void aLoginWithTwoFactorOnAsksForTheCodeAndAcceptsEachCodeOnce() throws Exception {
		String name = newEditor();
		List<String> recovery = new ArrayList<>();
		String key = setUp(name, recovery);
		assertThat(recovery).hasSize(TwoFactor.RECOVERY_CODES).doesNotHaveDuplicates();

		MockHttpSession session = password(name);
		assertThat(session.getAttribute(TwoFactorLogin.PENDING)).isNotNull();
		// the password alone logs nobody in
		mvc.perform(get("/admin/campaigns").session(session).accept(MediaType.TEXT_HTML))
			.andExpect(redirectedUrl("/admin/login"));
		mvc.perform(get("/admin/login/code").session(session)).andExpect(status().isOk());
		mvc.perform(post("/admin/login/code").session(session).with(csrf()).param("code", "123456"))
			.andExpect(status().isOk());
		clock.advance(Duration.ofSeconds(31));
		String code = twoFactor.code(key, clock.instant());
		MvcResult in = mvc.perform(post("/admin/login/code").session(session).with(csrf()).param("code", code))
			.andExpect(redirectedUrl("/admin"))
			.andReturn();
		MockHttpSession loggedIn = (MockHttpSession) in.getRequest().getSession(false);
		mvc.perform(get("/admin/campaigns").session(loggedIn)).andExpect(status().isOk());

		// the same code again, on another login: refused (replay)
		MockHttpSession again = password(name);
		mvc.perform(post("/admin/login/code").session(again).with(csrf()).param("code", code))
			.andExpect(status().isOk());
		// a recovery code logs in once
		mvc.perform(post("/admin/login/code").session(again).with(csrf()).param("code", recovery.get(0)))
			.andExpect(redirectedUrl("/admin"));
		MockHttpSession third = password(name);
		mvc.perform(post("/admin/login/code").session(third).with(csrf()).param("code", recovery.get(0)))
			.andExpect(status().isOk());
	}

	@Test
	void fiveWrongCodesEndTheLoginAndBasicIsRefusedButTokensWork() throws Exception {
		String name = newEditor();
		String body = mvc
			.perform(post("/api/tokens").with(httpBasic(name, PASSWORD))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"their script\", \"scope\": \"WRITE\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String secret = JsonPath.read(body, "$.secret");
		setUp(name, new ArrayList<>());

		MockHttpSession session = password(name);
		for (int i = 1; i < TwoFactorLogin.MAX_TRIES; i++) {
			mvc.perform(post("/admin/login/code").session(session).with(csrf()).param("code", "00000" + i))
				.andExpect(status().isOk());
		}
		mvc.perform(post("/admin/login/code").session(session).with(csrf()).param("code", "000009"))
			.andExpect(redirectedUrl("/admin/login?error"));
		assertThat(session.isInvalid()).isTrue();

		mvc.perform(get("/api/campaigns").with(httpBasic(name, PASSWORD)))
			.andExpect(status().isUnauthorized())
			.andExpect(result -> assertThat(result.getResponse().getContentAsString()).contains("second factor"));

		// their token still works: scripts use tokens
		mvc.perform(get("/api/campaigns").header(HttpHeaders.AUTHORIZATION, "Bearer " + secret))
			.andExpect(status().isOk());
	}

	@Test
	void aPendingLoginExpiresAfterFiveMinutes() throws Exception {
		String name = newEditor();
		String key = setUp(name, new ArrayList<>());
		MockHttpSession session = password(name);
		clock.advance(Duration.ofMinutes(6));
		mvc.perform(post("/admin/login/code").session(session)
			.with(csrf())
			.param("code", twoFactor.code(key, clock.instant()))).andExpect(redirectedUrl("/admin/login?expired"));
	}

	@Test
	void anOwnerRequiresTwoFactorLoginAndAStoredAccountSetsItUpBeforeAnythingElse() throws Exception {
		String name = newEditor();
		mvc.perform(post("/admin/accounts/two-factor-required").with(user("admin").roles("OWNER"))
			.with(csrf())
			.param("required", "true")).andExpect(redirectedUrl("/admin/accounts"));
		try {
			MockHttpSession session = password(name);
			mvc.perform(get("/admin/campaigns").session(session))
				.andExpect(redirectedUrl("/admin/account?twoFactorRequired"));
			mvc.perform(get("/admin/account").session(session))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("requires two-factor login")));
			mvc.perform(get("/api/campaigns").with(httpBasic(name, PASSWORD))).andExpect(status().isUnauthorized());
			// the configured owner is held too, until it sets it up
			// (AdminSessionsIntegrationTest)
			mvc.perform(get("/api/campaigns").with(httpBasic("admin", ADMIN_PASSWORD)))
				.andExpect(status().isUnauthorized());

			setUp(name, new ArrayList<>());

			mvc.perform(get("/admin/campaigns").session(session)).andExpect(status().isOk());
		}
		finally {
			twoFactor.require(false);
		}
		mvc.perform(get("/api/campaigns").with(httpBasic(newEditor(), PASSWORD))).andExpect(status().isOk());
		mvc.perform(get("/api/campaigns").with(httpBasic("admin", ADMIN_PASSWORD))).andExpect(status().isOk());
	}

	@Test
	void wrongCodesAcrossLoginsLockTheSecondFactorForAWhile() throws Exception {
		String name = newEditor();
		String key = setUp(name, new ArrayList<>());
		MockHttpSession session = null;
		for (int wrong = 0; wrong < TwoFactor.MAX_FAILED_CODES; wrong++) {
			if (wrong % (TwoFactorLogin.MAX_TRIES - 1) == 0) {
				session = password(name);
			}
			mvc.perform(post("/admin/login/code").session(session).with(csrf()).param("code", "00000" + wrong % 10))
				.andExpect(status().isOk());
		}
		clock.advance(Duration.ofSeconds(31));
		mvc.perform(post("/admin/login/code").session(session)
			.with(csrf())
			.param("code", twoFactor.code(key, clock.instant())))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Too many wrong codes")));

		clock.advance(TwoFactor.FAILURE_WINDOW.plusMinutes(1));
		mvc.perform(post("/admin/login/code").session(password(name))
			.with(csrf())
			.param("code", twoFactor.code(key, clock.instant()))).andExpect(redirectedUrl("/admin"));
	}

	@Test
	void anOwnerResetsTheTwoFactorLoginOfAnAccountThatLostItsPhone() throws Exception {
		String name = newEditor();
		List<String> recovery = new ArrayList<>();
		setUp(name, recovery);
		// a recovery code typed without its dash works too, once
		mvc.perform(post("/admin/login/code").session(password(name))
			.with(csrf())
			.param("code", recovery.get(1).replace("-", "").toUpperCase())).andExpect(redirectedUrl("/admin"));
		long id = accountId(name);

		mvc.perform(post("/admin/accounts/" + id + "/two-factor/reset").with(user("admin").roles("OWNER")).with(csrf()))
			.andExpect(redirectedUrl("/admin/accounts"));

		mvc.perform(post("/admin/login").with(csrf()).param("username", name).param("password", PASSWORD))
			.andExpect(redirectedUrl("/admin"));
		mvc.perform(get("/api/campaigns").with(httpBasic(name, PASSWORD))).andExpect(status().isOk());
	}

	private long accountId(String name) throws Exception {
		String accounts = mvc.perform(get("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		List<Number> ids = JsonPath.read(accounts, "$[?(@.username == '" + name + "')].id");
		return ids.get(0).longValue();
	}

}
