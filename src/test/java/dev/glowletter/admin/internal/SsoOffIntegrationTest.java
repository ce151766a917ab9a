package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Without a client registration there is no single sign-on: no provider on the login
 * page, and nothing answers its paths (in the context most tests share).
 */
class SsoOffIntegrationTest extends IntegrationTest {

	@Autowired
	ObjectProvider<ClientRegistrationRepository> registrations;

	@Test
	void withoutARegistrationThereIsNoSingleSignOn() throws Exception {
		assertThat(registrations.getIfAvailable()).isNull();
		mvc.perform(get("/admin/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("/oauth2/authorization"))))
			.andExpect(content().string(not(containsString("Log in with"))));
		mvc.perform(get("/oauth2/authorization/test")).andExpect(status().isNotFound());
		mvc.perform(get("/login/oauth2/code/test?code=a&state=b")).andExpect(status().isNotFound());
	}

}
