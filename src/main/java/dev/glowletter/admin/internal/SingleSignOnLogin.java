package dev.glowletter.admin.internal;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * The end of a single sign-on login. Accepted: the session is logged in at once, without
 * Glowletter's second factor (the provider asks for its own), and notes when, as a
 * password login does (for {@link LiveAccountFilter}). Refused (by {@link SingleSignOn},
 * or by Spring Security for a token that is not right): written to the audit log, and
 * back to the login page with what happened.
 */
@Component
class SingleSignOnLogin implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	/** The login page's note on the refused single sign-on (a String). */
	static final String REFUSED = SingleSignOnLogin.class.getName() + ".refused";

	private final SavedRequestAwareAuthenticationSuccessHandler done;

	private final AuditLog audit;

	private final AdminSessions sessions;

	private final Clock clock;

	SingleSignOnLogin(AuditLog audit, AdminSessions sessions, Clock clock) {
		this.audit = audit;
		this.sessions = sessions;
		this.clock = clock;
		this.done = new SavedRequestAwareAuthenticationSuccessHandler();
		this.done.setDefaultTargetUrl("/admin");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication login)
			throws IOException, ServletException {
		request.getSession().setAttribute(TwoFactorLogin.LOGGED_IN_AT, clock.instant());
		sessions.start(request, login.getName());
		done.onAuthenticationSuccess(request, response, login);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failed) throws IOException {
		String message;
		if (failed instanceof SingleSignOn.Refused refused) {
			audit.record(refused.who(), request.getRemoteAddr(), "single sign-on refused: " + refused.reason(), null);
			message = refused.getMessage();
		}
		else {
			String reason = failed instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode()
					: failed.getClass().getSimpleName();
			audit.record("unknown", request.getRemoteAddr(), "single sign-on failed: " + reason, null);
			message = "The single sign-on did not work (" + reason + "). Try again, or ask an owner.";
		}
		request.getSession().setAttribute(REFUSED, message);
		response.sendRedirect("/admin/login?sso");
	}

}
