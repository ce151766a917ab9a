package dev.glowletter.admin.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With HTTP Basic off on the API ({@code glowletter.api.basic-auth=false}, the default),
 * a call that sends a name and password gets a 401 that says why and what to send
 * instead, before anything checks the password (so the API is no place to guess it).
 */
final class BasicAuthOff extends OncePerRequestFilter {

	private static final String BASIC = "Basic ";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "Use an API token",
					"HTTP Basic is off for the API: make a token on your account page (/admin/account) and send it "
							+ "as Authorization: Bearer glw_…, or start the service with "
							+ "glowletter.api.basic-auth=true.");
			return;
		}
		chain.doFilter(request, response);
	}

}
