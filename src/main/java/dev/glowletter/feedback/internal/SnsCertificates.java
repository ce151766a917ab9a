package dev.glowletter.feedback.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The SNS signing certificates, fetched over https from the SNS host the message names
 * (SesWebhook checked it before asking) and kept: SNS signs with a handful of
 * certificates, so a notification costs no fetch once the first came. Also confirms a
 * subscription by calling its SubscribeURL.
 */
@Component
class SnsCertificates implements CertificateSource {

	private static final int MAX_KEPT = 32;

	private static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(10))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final Map<URI, X509Certificate> kept = new ConcurrentHashMap<>();

	@Override
	public X509Certificate fetch(URI uri) {
		X509Certificate known = kept.get(uri);
		if (known != null) {
			return known;
		}
		byte[] pem = get(uri, MAX_CERTIFICATE_BYTES);
		try {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(pem));
			if (kept.size() >= MAX_KEPT) {
				kept.clear();
			}
			kept.put(uri, certificate);
			return certificate;
		}
		catch (CertificateException ex) {
			throw new IllegalStateException("The SNS signing certificate at " + uri + " cannot be read", ex);
		}
	}

	/** Confirms an SNS subscription: a GET of its SubscribeURL (an SNS host, https). */
	void confirm(URI subscribeUrl) {
		if (!SesWebhook.isSnsHost(subscribeUrl)) {
			throw new IllegalArgumentException("Not an SNS address: " + subscribeUrl.getHost());
		}
		get(subscribeUrl, 64 * 1024);
	}

	private byte[] get(URI uri, int max) {
		try {
			HttpResponse<byte[]> response = http.send(
					HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("SNS answered " + response.statusCode() + " for " + uri);
			}
			if (response.body().length > max) {
				throw new IllegalStateException("SNS sent more than " + max + " bytes for " + uri);
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not reach SNS at " + uri.getHost() + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reaching SNS", ex);
		}
	}

}
