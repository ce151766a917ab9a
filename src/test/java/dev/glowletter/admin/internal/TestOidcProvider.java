package dev.glowletter.admin.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal OpenID Connect provider for the tests, on a free local port for the whole
 * run: discovery, its signing key (JWKS), the authorization endpoint (which hands out a
 * code for the claims the test chose with {@link #nextLogin}) and the token endpoint
 * (which answers the code with an RS256-signed ID token carrying the authorization
 * request's nonce). A test can have the next token signed with a key not published, or
 * override any claim (a wrong nonce, audience or issuer).
 */
final class TestOidcProvider {

	static final String CLIENT_ID = "glowletter-test";

	static final String CLIENT_SECRET = "test-client-secret";

	private static final TestOidcProvider INSTANCE = new TestOidcProvider();

	/** What a code is exchanged for. */
	private record Grant(String nonce, String clientId, Map<String, Object> claims, boolean wrongKey) {
	}

	private final HttpServer server;

	private final RSAKey key;

	/** Another key under the same id: what a forger signs with. */
	private final RSAKey forgersKey;

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private volatile Map<String, Object> nextClaims = Map.of();

	private volatile boolean nextWrongKey;

	private TestOidcProvider() {
		try {
			key = new RSAKeyGenerator(2048).keyID("test-key").generate();
			forgersKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (JOSEException | IOException ex) {
			throw new IllegalStateException(ex);
		}
		server.createContext("/.well-known/openid-configuration", this::discovery);
		server.createContext("/jwks", exchange -> json(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject()));
		server.createContext("/authorize", this::authorize);
		server.createContext("/token", this::token);
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
	}

	static TestOidcProvider get() {
		return INSTANCE;
	}

	String issuer() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/**
	 * The claims of the next login's ID token, over the usual ones (iss, sub, aud, iat,
	 * exp, nonce; a null value leaves one out); signed with a key not published when
	 * {@code wrongKey}.
	 */
	void nextLogin(Map<String, Object> claims, boolean wrongKey) {
		nextClaims = new HashMap<>(claims);
		nextWrongKey = wrongKey;
	}

	private void discovery(HttpExchange exchange) throws IOException {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", issuer());
		metadata.put("authorization_endpoint", issuer() + "/authorize");
		metadata.put("token_endpoint", issuer() + "/token");
		metadata.put("jwks_uri", issuer() + "/jwks");
		metadata.put("response_types_supported", List.of("code"));
		metadata.put("subject_types_supported", List.of("public"));
		metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
		metadata.put("scopes_supported", List.of("openid", "email", "profile"));
		metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
		json(exchange, 200, metadata);
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		String code = UUID.randomUUID().toString();
		codes.put(code, new Grant(query.get("nonce"), query.get("client_id"), nextClaims, nextWrongKey));
		String location = query.get("redirect_uri") + "?code=" + code + "&state="
				+ URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			json(exchange, 401, Map.of("error", "invalid_client"));
			return;
		}
		Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		Grant grant = codes.remove(String.valueOf(body.get("code")));
		if (grant == null || !"authorization_code".equals(body.get("grant_type"))) {
			json(exchange, 400, Map.of("error", "invalid_grant"));
			return;
		}
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(UUID.randomUUID().toString())
			.audience(grant.clientId())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("nonce", grant.nonce());
		grant.claims().forEach(claims::claim);
		SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims.build());
		try {
			token.sign(new RSASSASigner(grant.wrongKey() ? forgersKey : key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		json(exchange, 200, Map.of("access_token", UUID.randomUUID().toString(), "token_type", "Bearer", "expires_in",
				300, "scope", "openid email", "id_token", token.serialize()));
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> values = new HashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return values;
		}
		for (String pair : encoded.split("&")) {
			int at = pair.indexOf('=');
			String name = at < 0 ? pair : pair.substring(0, at);
			String value = at < 0 ? "" : pair.substring(at + 1);
			values.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return values;
	}

	private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
		byte[] bytes = JSONObjectUtils.toJSONString(new LinkedHashMap<>(body)).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
