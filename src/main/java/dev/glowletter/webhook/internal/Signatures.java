package dev.glowletter.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks' secrets and signatures: a secret is {@code whsec_} and the base64 of
 * 24 random bytes; a call's {@code webhook-signature} is {@code v1,} and the base64 of
 * HMAC-SHA256, keyed with the secret's bytes, over {@code id.timestamp.body}.
 */
public final class Signatures {

	public static final String PREFIX = "whsec_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private Signatures() {
	}

	/** A new secret. */
	public static String newSecret() {
		byte[] key = new byte[24];
		RANDOM.nextBytes(key);
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

	/** A new message id ({@code webhook-id}): {@code msg_} and 16 random bytes. */
	public static String newMessageId() {
		byte[] id = new byte[16];
		RANDOM.nextBytes(id);
		return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
	}

	/** The {@code webhook-signature} header's value. */
	public static String sign(String secret, String messageId, long timestamp, String body) {
		byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			byte[] signature = mac.doFinal((messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
