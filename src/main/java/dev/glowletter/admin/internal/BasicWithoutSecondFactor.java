package dev.glowletter.admin.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic is a password alone: an account with two-factor login, or one that must set
 * it up, cannot use it (a 401 saying so); its scripts use API tokens.
 */
final class BasicWithoutSecondFactor extends OncePerRequestFilter {

	private final TwoFactor twoFactor;

	BasicWithoutSecondFactor(TwoFactor twoFactor) {
		this.twoFactor = twoFactor;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6) && caller != null
				&& caller.isAuthenticated()
				&& (twoFactor.enabled(caller.getName()) || twoFactor.mustSetUp(caller.getName()))) {
			SecurityContextHolder.clearContext();
			ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "Login required",
					"This account logs in with a second factor (or must set one up): call the API with one of "
							+ "its tokens (Authorization: Bearer), made on its account page.");
			return;
		}
		chain.doFilter(request, response);
	}

}
