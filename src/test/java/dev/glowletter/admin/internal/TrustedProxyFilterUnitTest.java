package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TrustedProxyFilterUnitTest {

	private static HttpServletRequest seen(List<String> proxies, MockHttpServletRequest request) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		new TrustedProxyFilter(new ProxySettings(proxies)).doFilter(request, new MockHttpServletResponse(), chain);
		return (HttpServletRequest) chain.getRequest();
	}

	private static MockHttpServletRequest from(String peer, String... headers) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/login");
		request.setRemoteAddr(peer);
		request.setServerName("app.internal");
		request.setServerPort(8080);
		for (int i = 0; i < headers.length; i += 2) {
			request.addHeader(headers[i], headers[i + 1]);
		}
		return request;
	}

	@Test
	void withNoTrustedProxyNoForwardedHeaderChangesAnything() throws Exception {
		HttpServletRequest request = seen(List.of(), from("10.0.0.2", "X-Forwarded-For", "198.51.100.1",
				"X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example", "X-Forwarded-Port", "443"));

		assertThat(request.getRemoteAddr()).isEqualTo("10.0.0.2");
		assertThat(request.getScheme()).isEqualTo("http");
		assertThat(request.isSecure()).isFalse();
		assertThat(request.getServerName()).isEqualTo("app.internal");
		assertThat(request.getServerPort()).isEqualTo(8080);
		assertThat(request.getRequestURL()).hasToString("http://app.internal:8080/admin/login");
	}

	@Test
	void aPeerOutsideTheTrustedProxiesIsNotBelieved() throws Exception {
		HttpServletRequest request = seen(List.of("10.0.0.0/24"), from("10.0.1.2", "X-Forwarded-For", "198.51.100.1",
				"X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"));

		assertThat(request.getRemoteAddr()).isEqualTo("10.0.1.2");
		assertThat(request.getRequestURL()).hasToString("http://app.internal:8080/admin/login");
	}

	@Test
	void forwardedHeadersAreHiddenFromEverythingAfterTheFilter() throws Exception {
		for (List<String> proxies : List.of(List.<String>of(), List.of("10.0.0.2"))) {
			HttpServletRequest request = seen(proxies, from("10.0.0.2", "X-Forwarded-For", "198.51.100.1", "Forwarded",
					"for=198.51.100.1", "X-Forwarded-Prefix", "/evil", "User-Agent", "curl"));

			assertThat(request.getHeader("X-Forwarded-For")).isNull();
			assertThat(request.getHeader("forwarded")).isNull();
			assertThat(Collections.list(request.getHeaders("X-Forwarded-Prefix"))).isEmpty();
			assertThat(Collections.list(request.getHeaderNames())).containsExactly("User-Agent");
		}
	}

	@Test
	void theClientIsTheRightmostAddressThatIsNotATrustedProxy() throws Exception {
		List<String> proxies = List.of("10.0.0.0/24", "2001:db8::/32");

		assertThat(seen(proxies, from("10.0.0.2", "X-Forwarded-For", "198.51.100.1")).getRemoteAddr())
			.isEqualTo("198.51.100.1");
		assertThat(seen(proxies, from("10.0.0.2", "X-Forwarded-For", "6.6.6.6, 198.51.100.1")).getRemoteAddr())
			.isEqualTo("198.51.100.1");
		assertThat(seen(proxies, from("10.0.0.2", "X-Forwarded-For", "198.51.100.1, 10.0.0.9")).getRemoteAddr())
			.isEqualTo("198.51.100.1");
		assertThat(seen(proxies,
				from("10.0.0.2", "X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.1, 2001:db8::5"))
			.getRemoteAddr()).isEqualTo("198.51.100.1");
		assertThat(seen(proxies, from("2001:db8::1", "X-Forwarded-For", "2001:DB8:1::0:7")).getRemoteAddr())
			.as("another /32")
			.isEqualTo("2001:db8:1:0:0:0:0:7");
		assertThat(seen(proxies, from("10.0.0.2", "X-Forwarded-For", "10.0.0.7, 10.0.0.9")).getRemoteAddr())
			.as("proxies only: the first")
			.isEqualTo("10.0.0.7");
		assertThat(seen(proxies, from("10.0.0.2")).getRemoteAddr()).as("no header").isEqualTo("10.0.0.2");
	}

	@Test
	void anEntryThatIsNotAnAddressEndsTheWalkAtTheLastOneThatWas() throws Exception {
		List<String> proxies = List.of("10.0.0.0/24");

		assertThat(seen(proxies, from("10.0.0.2", "X-Forwarded-For", "198.51.100.1, evil.example")).getRemoteAddr())
			.isEqualTo("10.0.0.2");
		assertThat(seen(proxies, from("10.0.0.2", "X-Forwarded-For", "unknown, 10.0.0.3")).getRemoteAddr())
			.isEqualTo("10.0.0.3");
		assertThat(seen(proxies, from("10.0.0.2", "X-Forwarded-For", "198.51.100.1\r\nX: y")).getRemoteAddr())
			.isEqualTo("10.0.0.2");
	}

	@Test
	void aTrustedProxyGivesTheSchemeHostAndPortTheClientUsed() throws Exception {
		HttpServletRequest request = seen(List.of("10.0.0.2"), from("10.0.0.2", "X-Forwarded-For", "198.51.100.1",
				"X-Forwarded-Proto", "https", "X-Forwarded-Host", "news.example.org"));

		assertThat(request.getScheme()).isEqualTo("https");
		assertThat(request.isSecure()).isTrue();
		assertThat(request.getServerName()).isEqualTo("news.example.org");
		assertThat(request.getServerPort()).isEqualTo(443);
		assertThat(request.getRequestURL()).hasToString("https://news.example.org/admin/login");

		HttpServletRequest withPort = seen(List.of("10.0.0.2"),
				from("10.0.0.2", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "news.example.org:8443"));
		assertThat(withPort.getRequestURL()).hasToString("https://news.example.org:8443/admin/login");
		HttpServletRequest portHeader = seen(List.of("10.0.0.2"), from("10.0.0.2", "X-Forwarded-Proto", "http",
				"X-Forwarded-Host", "news.example.org", "X-Forwarded-Port", "8000"));
		assertThat(portHeader.getRequestURL()).hasToString("http://news.example.org:8000/admin/login");
	}

	@Test
	void malformedProtoHostOrPortFromATrustedProxyChangeNothing() throws Exception {
		HttpServletRequest request = seen(List.of("10.0.0.2"), from("10.0.0.2", "X-Forwarded-Proto", "https, http",
				"X-Forwarded-Host", "evil.example/path", "X-Forwarded-Port", "99999"));

		assertThat(request.getRequestURL()).hasToString("http://app.internal:8080/admin/login");
		assertThat(request.isSecure()).isFalse();
	}

}
