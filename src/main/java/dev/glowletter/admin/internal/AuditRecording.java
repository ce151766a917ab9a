package dev.glowletter.admin.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Hands every answered admin and API request to the {@link AuditLog} (which keeps the
 * changes); the public sign-up and the login steps are not the team's changes. Without an
 * audit log (a web slice in a test), nothing is logged.
 */
@Configuration(proxyBeanMethods = false)
class AuditRecording implements WebMvcConfigurer {

	private final ObjectProvider<AuditLog> audit;

	AuditRecording(ObjectProvider<AuditLog> audit) {
		this.audit = audit;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {
			@Override
			public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
					Exception ex) {
				audit.ifAvailable(log -> log.answered(request, response));
			}
		})
			.addPathPatterns("/admin/**", "/api/**", "/dev/**")
			.excludePathPatterns("/api/subscriptions", "/admin/login/**");
	}

}
