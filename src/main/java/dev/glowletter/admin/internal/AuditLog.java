package dev.glowletter.admin.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The audit log: who did what and when, from which address. Every change made through the
 * admin pages or the API is written after it is answered (method, path, status:
 * scheduling, pausing, cancelling, imports, erasures, accounts, tokens, settings alike),
 * and so are the exports of readers' data and the form and single sign-on logins with
 * every failed or refused login. Reading is not logged. Rows older than
 * {@code glowletter.admin.audit-retention} (default 365 days) are purged daily.
 */
@Component
class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private static final Set<String> READING = Set.of("GET", "HEAD", "OPTIONS");

	/** Reads that hand out readers' data: logged as changes are. */
	private static final Set<String> EXPORTS = Set.of("/admin/subscribers/export", "/api/subscribers/export");

	/** One event, newest first in {@link #latest}. */
	public record Event(long id, Instant at, String actor, String address, String action, Integer status) {
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration retention;

	private final TwoFactor twoFactor;

	AuditLog(JdbcClient jdbc, Clock clock, @Value("${glowletter.admin.audit-retention:365d}") Duration retention,
			TwoFactor twoFactor) {
		this.jdbc = jdbc;
		this.twoFactor = twoFactor;
		this.clock = clock;
		this.retention = retention;
	}

	void record(String actor, String address, String action, Integer status) {
		try {
			jdbc.sql("INSERT INTO audit_event (at, actor, address, action, status) VALUES (?, ?, ?, ?, ?)")
				.params(clock.instant().atOffset(ZoneOffset.UTC), cut(actor, 100), cut(address, 64), cut(action, 300),
						status)
				.update();
		}
		catch (RuntimeException ex) {
			// the action is done: a lost line of the log must not turn it into an error
			log.warn("Audit event not written ({} {}): {}", actor, action, ex.getMessage());
		}
	}

	/** The newest events first, a page at a time. */
	List<Event> latest(int page, int size) {
		return jdbc.sql("SELECT * FROM audit_event ORDER BY id DESC LIMIT ? OFFSET ?")
			.params(size, (long) page * size)
			.query((rs, row) -> {
				Timestamp at = rs.getTimestamp("at");
				return new Event(rs.getLong("id"), at.toInstant(), rs.getString("actor"), rs.getString("address"),
						rs.getString("action"), rs.getObject("status", Integer.class));
			})
			.list();
	}

	@Scheduled(fixedDelayString = "${glowletter.admin.audit-purge-interval:1d}", initialDelayString = "1m")
	int purge() {
		return jdbc.sql("DELETE FROM audit_event WHERE at < ?")
			.param(clock.instant().minus(retention).atOffset(ZoneOffset.UTC))
			.update();
	}

	@EventListener
	void loggedIn(InteractiveAuthenticationSuccessEvent event) {
		String name = event.getAuthentication().getName();
		String action;
		if (event.getAuthentication() instanceof OAuth2AuthenticationToken singleSignOn) {
			action = "login by single sign-on (" + singleSignOn.getAuthorizedClientRegistrationId() + ")";
		}
		else {
			action = twoFactor.enabled(name) ? "password accepted, second factor asked" : "login";
		}
		record(name, address(event.getAuthentication()), action, null);
	}

	@EventListener
	void loginFailed(AbstractAuthenticationFailureEvent event) {
		if (event.getAuthentication() instanceof OAuth2LoginAuthenticationToken) {
			// SingleSignOnLogin writes it, with who and why; Spring Security reports it
			// again as no provider found for a password
			return;
		}
		record(String.valueOf(event.getAuthentication().getName()), address(event.getAuthentication()),
				"login failed: " + event.getException().getClass().getSimpleName(), null);
	}

	private static String address(Authentication authentication) {
		return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
				: null;
	}

	/**
	 * Logs a change made through the admin pages or the API (or an export of readers'
	 * data) once it is answered; nothing for reading, or for nobody logged in.
	 */
	void answered(HttpServletRequest request, HttpServletResponse response) {
		String path = request.getRequestURI();
		if (READING.contains(request.getMethod()) && !EXPORTS.contains(path)) {
			return;
		}
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || !caller.isAuthenticated() || "anonymousUser".equals(caller.getName())) {
			return;
		}
		record(caller.getName(), request.getRemoteAddr(), request.getMethod() + " " + path, response.getStatus());
	}

	private static String cut(String text, int length) {
		return (text == null || text.length() <= length) ? text : text.substring(0, length);
	}

}
