package dev.glowletter.admin.internal;

import dev.glowletter.GlowletterProperties;
import jakarta.servlet.ServletContext;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The admin session cookie is {@code Secure} whenever the service's address
 * ({@code glowletter.base-url}) is https, unless
 * {@code server.servlet.session.cookie.secure} says otherwise: a browser then never sends
 * it over plain HTTP.
 */
@Component
class SecureSessionCookie implements ServletContextInitializer {

	private final GlowletterProperties properties;

	private final Environment environment;

	SecureSessionCookie(GlowletterProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void onStartup(ServletContext context) {
		boolean https = properties.baseUrl() != null && properties.baseUrl().startsWith("https:");
		if (https && !environment.containsProperty("server.servlet.session.cookie.secure")) {
			context.getSessionCookieConfig().setSecure(true);
		}
	}

}
