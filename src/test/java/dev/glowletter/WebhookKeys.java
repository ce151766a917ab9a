package dev.glowletter;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The providers' webhook settings of the integration tests: credentials and keys made for
 * the test run, so that the tests can sign calls as the providers would.
 */
public final class WebhookKeys {

	public static final String POSTMARK_USER = "postmark-hook";

	public static final String POSTMARK_PASSWORD = "postmark-hook-password";

	public static final String MAILGUN_KEY = "key-mailgun-signing-0123456789abcdef";

	public static final String SES_TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-bounces";

	/** SendGrid signs with its private key; the setting is the public one. */
	public static final KeyPair SENDGRID = sendGridKeys();

	private WebhookKeys() {
	}

	public static String sendGridPublicKey() {
		return Base64.getEncoder().encodeToString(SENDGRID.getPublic().getEncoded());
	}

	private static KeyPair sendGridKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
