package dev.glowletter.feedback.internal;

import java.net.URI;
import java.security.cert.X509Certificate;

/**
 * Where Amazon SNS's signing certificates come from: fetched over HTTPS (whose trust
 * stands for the certificate's) and kept, since SNS signs with few certificates.
 */
@FunctionalInterface
public interface CertificateSource {

	/**
	 * The certificate at an address.
	 * @param uri an https address on an Amazon SNS host, its path ending in {@code .pem}
	 * (checked before this is called)
	 * @return the certificate; null when there is none there
	 * @throws RuntimeException when it cannot be fetched now: it is not caught, so that
	 * the call fails with a server error and SNS sends the message again later
	 */
	X509Certificate fetch(URI uri);

}
