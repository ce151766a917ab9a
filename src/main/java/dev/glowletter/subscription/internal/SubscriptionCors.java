package dev.glowletter.subscription.internal;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets the blog's own pages call the sign-up API from the reader's browser. */
@Configuration(proxyBeanMethods = false)
class SubscriptionCors implements WebMvcConfigurer {

	private final SubscriptionProperties properties;

	SubscriptionCors(SubscriptionProperties properties) {
		this.properties = properties;
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (!properties.corsOrigins().isEmpty()) {
			registry.addMapping("/api/subscriptions")
				.allowedOrigins(properties.corsOrigins().toArray(String[]::new))
				.allowedMethods("POST")
				.allowedHeaders("Content-Type")
				.allowCredentials(false)
				.maxAge(3600);
		}
	}

}
