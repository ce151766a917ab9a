package dev.glowletter.admin.internal;

import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of a login with two-factor login on: the password was right, so the
 * session holds that login aside (not logged in) for five minutes and asks for the code
 * of the account's app or a recovery code; five wrong codes end the session (back to the
 * password, which the login throttle counts).
 */
@Controller
class TwoFactorLogin implements AuthenticationSuccessHandler {

	static final String PENDING = TwoFactorLogin.class.getName() + ".pending";

	static final int MAX_TRIES = 5;

	/** When the session's login was completed (an {@link Instant}). */
	static final String LOGGED_IN_AT = TwoFactorLogin.class.getName() + ".loggedInAt";

	private static final Duration VALID = Duration.ofMinutes(5);

	/** A password login waiting for its second factor. */
	record Pending(Authentication login, Instant since, int wrong) implements Serializable {
	}

	private final SavedRequestAwareAuthenticationSuccessHandler done;

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final TwoFactor twoFactor;

	private final AuditLog audit;

	private final AdminSessions sessions;

	private final Clock clock;

	TwoFactorLogin(TwoFactor twoFactor, AuditLog audit, AdminSessions sessions, Clock clock) {
		this.twoFactor = twoFactor;
		this.audit = audit;
		this.sessions = sessions;
		this.clock = clock;
		this.done = new SavedRequestAwareAuthenticationSuccessHandler();
		this.done.setDefaultTargetUrl("/admin");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication login)
			throws IOException, ServletException {
		if (!twoFactor.enabled(login.getName())) {
			request.getSession().setAttribute(LOGGED_IN_AT, clock.instant());
			sessions.start(request, login.getName());
			done.onAuthenticationSuccess(request, response, login);
			return;
		}
		// not logged in until the code: the session holds no login
		SecurityContext empty = SecurityContextHolder.createEmptyContext();
		SecurityContextHolder.setContext(empty);
		contexts.saveContext(empty, request, response);
		request.getSession().setAttribute(PENDING, new Pending(login, clock.instant(), 0));
		response.sendRedirect("/admin/login/code");
	}

	@GetMapping("/admin/login/code")
	String page(HttpServletRequest request, Model model) {
		if (pending(request) == null) {
			return "redirect:/admin/login";
		}
		return "admin/login-code";
	}

	@PostMapping("/admin/login/code")
	String check(@RequestParam(required = false) String code, HttpServletRequest request, HttpServletResponse response,
			Model model) throws IOException, ServletException {
		Pending pending = pending(request);
		if (pending == null) {
			return "redirect:/admin/login?expired";
		}
		String name = pending.login().getName();
		if (!twoFactor.verify(name, code)) {
			audit.record(name, request.getRemoteAddr(), "login failed: wrong second factor", null);
			if (pending.wrong() + 1 >= MAX_TRIES) {
				request.getSession().invalidate();
				return "redirect:/admin/login?error";
			}
			request.getSession()
				.setAttribute(PENDING, new Pending(pending.login(), pending.since(), pending.wrong() + 1));
			model.addAttribute("error",
					twoFactor.locked(name)
							? "Too many wrong codes for this account: wait " + TwoFactor.FAILURE_WINDOW.toMinutes()
									+ " minutes, then try the newest code your app shows."
							: "This code is not right. Try the newest one your app shows.");
			return "admin/login-code";
		}
		HttpSession session = request.getSession();
		session.removeAttribute(PENDING);
		request.changeSessionId();
		session.setAttribute(LOGGED_IN_AT, clock.instant());
		sessions.start(request, name);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(pending.login());
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
		audit.record(name, request.getRemoteAddr(), "login with second factor", null);
		return "redirect:/admin";
	}

	private Pending pending(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object pending = session == null ? null : session.getAttribute(PENDING);
		if (pending instanceof Pending waiting && waiting.since().plus(VALID).isAfter(clock.instant())) {
			return waiting;
		}
		return null;
	}

}
