package dev.glowletter.admin.internal;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import dev.glowletter.GlowletterProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The admin API has no CSRF token: it is for scripts. A browser that holds the admin's
 * credentials must still not be made to call it from a foreign page, so a call that
 * changes something must be one no foreign page can send without the browser asking us
 * first (a preflight, which we refuse): a PUT or DELETE, or a POST with a JSON or other
 * non-form body or an {@code X-Requested-With} header. A call from our own pages (Origin
 * or {@code Sec-Fetch-Site} say so) may be anything. A browser sends {@code Origin} with
 * every cross-site POST; curl and scripts send it with none.
 */
class CrossSiteApiGuard extends OncePerRequestFilter {

	/**
	 * What a page may send across sites without a preflight (the Fetch standard's
	 * "CORS-safelisted" types).
	 */
	private static final Set<String> SIMPLE_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data",
			"text/plain");

	private final String ownOrigin;

	CrossSiteApiGuard(GlowletterProperties properties) {
		this.ownOrigin = origin(URI.create(properties.baseUrl()));
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		// the sign-up is meant for other sites' pages: its CORS settings and double
		// opt-in guard it
		return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE")
				|| request.getRequestURI().equals("/api/subscriptions");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean preflighted = !request.getMethod().equals("POST") || !isSimple(request.getContentType())
				|| request.getHeader("X-Requested-With") != null;
		if (fromOurPages(request) || (preflighted && !crossSite(request))) {
			chain.doFilter(request, response);
			return;
		}
		ProblemResponses.write(response, HttpStatus.FORBIDDEN, "Cross-site request refused",
				"A call that changes something must send a JSON body (Content-Type: application/json) or the header "
						+ "X-Requested-With (any value), and must not come from another site's page.");
	}

	/** Whether the browser says the call comes from one of our own pages. */
	private boolean fromOurPages(HttpServletRequest request) {
		String origin = request.getHeader("Origin");
		if (origin != null) {
			return origin.equalsIgnoreCase(ownOrigin) || origin.equalsIgnoreCase(requestOrigin(request));
		}
		return "same-origin".equals(request.getHeader("Sec-Fetch-Site"));
	}

	/**
	 * Whether the browser says the call comes from another site's page (a preflighted one
	 * we answered no to cannot).
	 */
	private boolean crossSite(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		return request.getHeader("Origin") != null
				|| (site != null && !site.equals("none") && !site.equals("same-origin"));
	}

	private static boolean isSimple(String contentType) {
		if (contentType == null) {
			return true;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return SIMPLE_TYPES.contains((type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT));
		}
		catch (RuntimeException unparsable) {
			return true;
		}
	}

	private static String requestOrigin(HttpServletRequest request) {
		int port = request.getServerPort();
		boolean defaultPort = (request.getScheme().equals("http") && port == 80)
				|| (request.getScheme().equals("https") && port == 443);
		return request.getScheme() + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
	}

	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
	}

}
