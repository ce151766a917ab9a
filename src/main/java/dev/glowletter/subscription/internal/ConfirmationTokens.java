package dev.glowletter.subscription.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Confirmation tokens: 256 random bits for the link, only their SHA-256 in the database.
 */
public final class ConfirmationTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private ConfirmationTokens() {
	}

	public static String newToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether the text could be one of our tokens at all (saves a query for garbage). */
	public static boolean plausible(String token) {
		return token != null && token.length() == 43
				&& token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
	}

}
