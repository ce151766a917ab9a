package dev.glowletter.admin;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Min;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows password guessing: after {@code maxFailures} failed logins from one IP address within the
 * window, that address gets 429 for every login attempt until the window has passed. Kept in
 * memory: it is per instance, which is enough to make guessing slow.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	/**
	 * @param maxFailures failed logins from one address before it must wait
	 * @param window how long failures are remembered, and how long a blocked address waits
	 */
	@Validated
	@ConfigurationProperties("glowletter.admin.login-throttle")
	record Settings(@DefaultValue("5") @Min(1) int maxFailures, @DefaultValue("15m") Duration window) {
	}

	private record Failures(int count, Instant firstAt) {
	}

	private final ConcurrentMap<String, Failures> failures = new ConcurrentHashMap<>();

	private final Settings settings;

	private final Clock clock;

	LoginThrottle(Settings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	@EventListener
	void failed(AbstractAuthenticationFailureEvent event) {
		String address = address(event.getAuthentication().getDetails());
		Instant now = clock.instant();
		Failures updated = failures.compute(address, (key, old) -> old == null || expired(old, now) ? new Failures(1, now)
				: new Failures(old.count() + 1, old.firstAt()));
		if (updated.count() == settings.maxFailures()) {
			log.warn("{} failed admin logins from {}: further attempts are refused for {}", updated.count(), address, settings.window());
		}
	}

	@EventListener
	void succeeded(AuthenticationSuccessEvent event) {
		failures.remove(address(event.getAuthentication().getDetails()));
	}

	/** How long the address must wait before it may try again; zero when it may now. */
	Duration waitFor(String address) {
		Failures current = failures.get(address);
		Instant now = clock.instant();
		if (current == null || expired(current, now) || current.count() < settings.maxFailures()) {
			return Duration.ZERO;
		}
		return Duration.between(now, current.firstAt().plus(settings.window()));
	}

	private boolean expired(Failures failures, Instant now) {
		return !now.isBefore(failures.firstAt().plus(settings.window()));
	}

	private static String address(Object details) {
		return details instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null ? web.getRemoteAddress() : "unknown";
	}

	/** Forgets failures older than the window, so the map does not grow without end. */
	@Scheduled(fixedDelay = 600_000)
	void forgetOld() {
		Instant now = clock.instant();
		failures.values().removeIf(f -> expired(f, now));
	}

	/** Refuses login attempts (credentials sent) from a blocked address before they are checked. */
	OncePerRequestFilter filter() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if (isLoginAttempt(request)) {
					Duration wait = waitFor(request.getRemoteAddr());
					if (!wait.isZero() && !wait.isNegative()) {
						long seconds = Math.max(1, wait.toSeconds());
						response.setStatus(429);
						response.setHeader("Retry-After", Long.toString(seconds));
						response.setContentType("application/problem+json");
						response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Too many failed logins\",\"status\":429,"
								+ "\"detail\":\"Too many failed logins from your address. Try again in " + seconds + " seconds.\"}");
						return;
					}
				}
				chain.doFilter(request, response);
			}
		};
	}

	private static boolean isLoginAttempt(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		return (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6))
				|| ("POST".equals(request.getMethod()) && "/admin/login".equals(request.getServletPath()));
	}
}
