package dev.glowletter;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * How a script calls the admin API: HTTP Basic, and a header no foreign page can send
 * without asking.
 */
public final class AdminApi {

	private AdminApi() {
	}

	public static RequestPostProcessor admin() {
		return request -> {
			request.addHeader("X-Requested-With", "test");
			return httpBasic("admin", IntegrationTest.ADMIN_PASSWORD).postProcessRequest(request);
		};
	}

}
