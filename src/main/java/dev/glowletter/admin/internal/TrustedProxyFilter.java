package dev.glowletter.admin.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Believes forwarded headers from the trusted proxies
 * ({@code glowletter.trusted-proxies}) and from no one else, before anything reads the
 * request. From a trusted peer, the client's address is the right-most X-Forwarded-For
 * entry that is not itself a trusted proxy (as Tomcat's RemoteIpValve reads it), and
 * X-Forwarded-Proto, -Host and -Port give the scheme, host and port the client used.
 * Everything after this filter sees no forwarded header at all, so nothing can read one
 * unchecked.
 */
@Component
class TrustedProxyFilter extends OncePerRequestFilter implements Ordered {

	private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?");

	private static final Pattern PORT = Pattern.compile("\\d{1,5}");

	private final List<AddressRange> proxies;

	TrustedProxyFilter(ProxySettings settings) {
		this.proxies = settings.ranges();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean trusted = AddressRange.literal(request.getRemoteAddr()).map(this::isTrusted).orElse(false);
		chain.doFilter(trusted ? believed(request) : new ForwardedRequest(request), response);
	}

	private boolean isTrusted(InetAddress address) {
		return proxies.stream().anyMatch(range -> range.contains(address));
	}

	private ForwardedRequest believed(HttpServletRequest request) {
		ForwardedRequest forwarded = new ForwardedRequest(request);
		List<String> hops = values(request, "X-Forwarded-For");
		for (int i = hops.size() - 1; i >= 0; i--) {
			Optional<InetAddress> hop = AddressRange.literal(hops.get(i));
			if (hop.isEmpty()) {
				// not an address: the last hop that was one stays the client, the proxy
				// at worst
				break;
			}
			forwarded.remoteAddr = hop.get().getHostAddress();
			if (!isTrusted(hop.get())) {
				break;
			}
		}
		List<String> protocols = values(request, "X-Forwarded-Proto");
		if (!protocols.isEmpty() && protocols.stream().allMatch("https"::equalsIgnoreCase)) {
			forwarded.scheme = "https";
			forwarded.port = 443;
		}
		else if (!protocols.isEmpty() && protocols.stream().allMatch("http"::equalsIgnoreCase)) {
			forwarded.scheme = "http";
			forwarded.port = 80;
		}
		List<String> hosts = values(request, "X-Forwarded-Host");
		Matcher host = hosts.isEmpty() ? null : HOST.matcher(hosts.get(hosts.size() - 1));
		if (host != null && host.matches()) {
			forwarded.serverName = host.group(1);
			if (host.group(2) != null) {
				forwarded.port = port(host.group(2), forwarded.port);
			}
		}
		List<String> ports = values(request, "X-Forwarded-Port");
		if (!ports.isEmpty()) {
			forwarded.port = port(ports.get(ports.size() - 1), forwarded.port);
		}
		return forwarded;
	}

	private static Integer port(String text, Integer otherwise) {
		if (!PORT.matcher(text).matches()) {
			return otherwise;
		}
		int port = Integer.parseInt(text);
		return (port >= 1 && port <= 65535) ? Integer.valueOf(port) : otherwise;
	}

	/** Every comma-separated value of every header of that name, in order. */
	private static List<String> values(HttpServletRequest request, String name) {
		List<String> values = new ArrayList<>();
		for (Enumeration<String> headers = request.getHeaders(name); headers != null && headers.hasMoreElements();) {
			for (String value : headers.nextElement().split(",")) {
				if (!value.isBlank()) {
					values.add(value.strip());
				}
			}
		}
		return values;
	}

	/**
	 * The request as the client made it, where a trusted proxy said so; without forwarded
	 * headers.
	 */
	static final class ForwardedRequest extends HttpServletRequestWrapper {

		private String remoteAddr;

		private String scheme;

		private String serverName;

		private Integer port;

		ForwardedRequest(HttpServletRequest request) {
			super(request);
		}

		private static boolean isForwarded(String header) {
			String name = header.toLowerCase(Locale.ROOT);
			return name.equals("forwarded") || name.startsWith("x-forwarded-");
		}

		@Override
		public String getRemoteAddr() {
			return remoteAddr != null ? remoteAddr : super.getRemoteAddr();
		}

		@Override
		public String getRemoteHost() {
			return remoteAddr != null ? remoteAddr : super.getRemoteHost();
		}

		@Override
		public String getScheme() {
			return scheme != null ? scheme : super.getScheme();
		}

		@Override
		public boolean isSecure() {
			return scheme != null ? scheme.equals("https") : super.isSecure();
		}

		@Override
		public String getServerName() {
			return serverName != null ? serverName : super.getServerName();
		}

		@Override
		public int getServerPort() {
			return port != null ? port : super.getServerPort();
		}

		@Override
		public StringBuffer getRequestURL() {
			if (scheme == null && serverName == null && port == null) {
				return super.getRequestURL();
			}
			StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
			int serverPort = getServerPort();
			if (!(getScheme().equals("http") && serverPort == 80)
					&& !(getScheme().equals("https") && serverPort == 443)) {
				url.append(':').append(serverPort);
			}
			return url.append(getRequestURI());
		}

		@Override
		public String getHeader(String name) {
			return isForwarded(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isForwarded(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = new ArrayList<>();
			for (Enumeration<String> all = super.getHeaderNames(); all != null && all.hasMoreElements();) {
				String name = all.nextElement();
				if (!isForwarded(name)) {
					names.add(name);
				}
			}
			return Collections.enumeration(names);
		}

		@Override
		public long getDateHeader(String name) {
			return isForwarded(name) ? -1 : super.getDateHeader(name);
		}

		@Override
		public int getIntHeader(String name) {
			return isForwarded(name) ? -1 : super.getIntHeader(name);
		}

	}

}
