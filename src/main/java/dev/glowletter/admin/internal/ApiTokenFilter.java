package dev.glowletter.admin.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API calls with {@code Authorization: Bearer glw_…}: the token's account, with its role
 * (a READ token's as a VIEWER's). An unknown, revoked or expired token is a 401 at once,
 * never a fall back to another way in. Also on the actuator's paths, for monitoring (a
 * Prometheus scrape sends a bearer token).
 */
final class ApiTokenFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final Accounts accounts;

	private final String under;

	/** For every request of its chain. */
	ApiTokenFilter(Accounts accounts) {
		this(accounts, "/");
	}

	/** For the requests under this path only. */
	ApiTokenFilter(Accounts accounts, String under) {
		this.accounts = accounts;
		this.under = under;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(under);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			chain.doFilter(request, response);
			return;
		}
		Optional<Accounts.TokenUser> user = accounts.authenticate(header.substring(BEARER.length()).trim());
		if (user.isEmpty()) {
			ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "Login required",
					"This API token is unknown, revoked or expired, or its account is disabled.");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get().owner(), null,
				List.of(new SimpleGrantedAuthority(user.get().role().authority()))));
		SecurityContextHolder.setContext(context);
		chain.doFilter(request, response);
	}

}
