package dev.glowletter.admin.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A logged-in page session of a stored account lasts while the account does as it was:
 * once an owner disables it, or gives it another role, or its password changes (but in
 * the session that changed it), its open sessions end at their next request (the role's
 * new rights come with the next login). Any account's session also ends once it was ended
 * on the account page ({@link AdminSessions}), on whichever instance. While an owner
 * requires two-factor login, an account without it (the configured owner too) reaches its
 * account page only, to set it up (but a single sign-on account: its provider asks for a
 * second factor). The configured owner's role and password change only with the
 * configuration.
 */
final class LiveAccountFilter extends OncePerRequestFilter {

	private final Accounts accounts;

	private final TwoFactor twoFactor;

	private final AdminSessions sessions;

	LiveAccountFilter(Accounts accounts, TwoFactor twoFactor, AdminSessions sessions) {
		this.accounts = accounts;
		this.twoFactor = twoFactor;
		this.sessions = sessions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		HttpSession session = request.getSession(false);
		String path = request.getRequestURI();
		if (caller == null || !caller.isAuthenticated() || session == null || !teamOnly(path)) {
			chain.doFilter(request, response);
			return;
		}
		boolean configured = caller.getName().equalsIgnoreCase(accounts.configuredOwner());
		Optional<Accounts.Account> account = configured ? Optional.empty() : accounts.find(caller.getName());
		boolean live = (configured || account.isPresent() && stillAsItWas(caller, account.get(), session))
				&& sessions.live(session);
		if (!live) {
			sessions.ended(session);
			SecurityContextHolder.clearContext();
			session.invalidate();
		}
		else if (!mayGoWithoutSecondFactor(path) && twoFactor.required()
				&& !hasSecondFactor(caller.getName(), account)) {
			response.sendRedirect("/admin/account?twoFactorRequired");
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether the account logs in with a second factor: its app's codes, or its
	 * provider's (single sign-on); the configured owner's is in its row, if it has one.
	 */
	private boolean hasSecondFactor(String name, Optional<Accounts.Account> stored) {
		return stored.map(account -> account.twoFactor() || account.singleSignOn())
			.orElseGet(() -> twoFactor.enabled(name));
	}

	/** The team's pages: what readers see, and the style sheets, are not checked. */
	private static boolean teamOnly(String path) {
		return path.startsWith("/admin") || path.startsWith("/dev") || path.startsWith("/swagger")
				|| path.startsWith("/v3") || path.startsWith("/actuator");
	}

	/** Where an account that must set up two-factor login may go meanwhile. */
	private static boolean mayGoWithoutSecondFactor(String path) {
		return path.equals("/admin/account") || path.startsWith("/admin/account/") || path.startsWith("/admin/login")
				|| path.equals("/admin/logout");
	}

	private static boolean stillAsItWas(Authentication caller, Accounts.Account live, HttpSession session) {
		boolean loggedInSincePasswordChange = live.passwordChangedAt() == null
				|| session.getAttribute(TwoFactorLogin.LOGGED_IN_AT) instanceof Instant at
						&& !at.isBefore(live.passwordChangedAt());
		return live.enabled() && loggedInSincePasswordChange
				&& caller.getAuthorities()
					.stream()
					.anyMatch(authority -> authority.getAuthority().equals(live.role().authority()));
	}

}
