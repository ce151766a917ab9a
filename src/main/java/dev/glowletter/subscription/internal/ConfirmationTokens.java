package dev.glowletter.subscription.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Confirmation tokens: 256 random bits for the link, only their SHA-256 in the database.
 * <p>
 * A confirmation link's token names its reader: the reader's id (8 bytes, in 11
 * characters), then a secret of 256 random bits (43 characters), whose hash the reader's
 * row holds. The reader is found by id, so the hash needs no index of its own, and a
 * sign-up writes one randomly placed index entry fewer (docs/performance.md). Links
 * mailed before this form name no reader ({@link #plausible}): they are still found by
 * the hash of the whole token, in the column kept for them, until they are used, replaced
 * or run out. The id tells nothing new: the reader's unsubscribe links carry it too.
 */
public final class ConfirmationTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int SECRET_CHARS = 43;

	private static final int ID_CHARS = 11;

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

	/**
	 * Whether the text could be a token of {@link #newToken} at all (saves a query for
	 * garbage): a confirmation link's of before it named its reader, or an address
	 * change's.
	 */
	public static boolean plausible(String token) {
		return token != null && token.length() == SECRET_CHARS && urlSafe(token);
	}

	/**
	 * A confirmation link's token, naming the reader and the secret {@link #newToken}.
	 */
	public static String link(long readerId, String secret) {
		return encodedId(readerId) + secret;
	}

	private static String encodedId(long readerId) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(readerId).array());
	}

	/** What a token of {@link #link} names. */
	public record Link(long readerId, String secret) {
	}

	/** What the token names, if it is of the form {@link #link} gives. */
	public static Optional<Link> parse(String token) {
		if (token == null || token.length() != ID_CHARS + SECRET_CHARS || !urlSafe(token)) {
			return Optional.empty();
		}
		String encodedId = token.substring(0, ID_CHARS);
		long id = ByteBuffer.wrap(Base64.getUrlDecoder().decode(encodedId)).getLong();
		// the id's last character carries two bits beyond the id: only the spelling link
		// writes names a reader, so that each link has one spelling
		if (!encodedId.equals(encodedId(id))) {
			return Optional.empty();
		}
		return Optional.of(new Link(id, token.substring(ID_CHARS)));
	}

	/**
	 * Whether the stored hash is the secret's, in time that does not tell how much of it
	 * is.
	 */
	public static boolean matches(String secret, String storedHash) {
		return storedHash != null && MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
				storedHash.getBytes(StandardCharsets.US_ASCII));
	}

	private static boolean urlSafe(String token) {
		return token.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'));
	}

}
