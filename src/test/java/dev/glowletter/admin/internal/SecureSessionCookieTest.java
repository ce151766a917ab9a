package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glowletter.GlowletterProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockServletContext;

class SecureSessionCookieTest {

	private static boolean secureWith(String baseUrl, MockEnvironment environment) {
		MockServletContext context = new MockServletContext();
		new SecureSessionCookie(new GlowletterProperties(baseUrl, null, null), environment).onStartup(context);
		return context.getSessionCookieConfig().isSecure();
	}

	@Test
	void theSessionCookieIsSecureWhenTheServiceIsReachedOverHttps() {
		assertThat(secureWith("https://news.example.org", new MockEnvironment())).isTrue();
		assertThat(secureWith("http://localhost:8080", new MockEnvironment())).isFalse();
	}

	@Test
	void anExplicitSettingWins() {
		assertThat(secureWith("https://news.example.org",
				new MockEnvironment().withProperty("server.servlet.session.cookie.secure", "false")))
			.isFalse();
	}

}
