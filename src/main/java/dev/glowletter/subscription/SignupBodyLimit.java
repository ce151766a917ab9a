package dev.glowletter.subscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A sign-up is an address, a name and a tick: a body larger than a few kilobytes is not one, and
 * is refused before anything reads it into memory.
 */
@Component
class SignupBodyLimit extends OncePerRequestFilter {

	static final long MAX_BYTES = 16 * 1024;

	private static final Set<String> SIGN_UP_PATHS = Set.of("/subscribe", "/subscribe/embed", "/api/subscriptions");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !SIGN_UP_PATHS.contains(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BYTES) {
			response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"Sign-up too large\",\"status\":413,"
					+ "\"detail\":\"A sign-up is at most " + MAX_BYTES / 1024 + " KB: an e-mail address, a first name and the consent.\"}")
				.getBytes(StandardCharsets.UTF_8));
			return;
		}
		chain.doFilter(request, response);
	}
}
