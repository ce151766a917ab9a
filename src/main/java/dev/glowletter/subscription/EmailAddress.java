package dev.glowletter.subscription;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An e-mail address as we store it: trimmed, its domain in lower-case ASCII
 * (internationalised domains in their xn-- form), its local part as the reader wrote it.
 * No display name, no comments, no line breaks: just the address.
 */
public record EmailAddress(String value) {

	/**
	 * RFC 5321 caps a path at 256 octets including the angle brackets: 254 for the
	 * address.
	 */
	static final int MAX_LENGTH = 254;

	private static final Pattern LOCAL_PART = Pattern
		.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

	private static final Pattern DOMAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	/** An address that cannot be used, with the reason in words a reader understands. */
	public static class Invalid extends IllegalArgumentException {

		Invalid(String reason) {
			super(reason);
		}

	}

	/** Parses what a reader typed; throws {@link Invalid} saying what is wrong. */
	public static EmailAddress parse(String raw) {
		if (raw == null || raw.isBlank()) {
			throw new Invalid("Please enter your e-mail address.");
		}
		String address = raw.strip();
		if (address.length() > MAX_LENGTH) {
			throw new Invalid("That e-mail address is too long (at most 254 characters).");
		}
		int at = address.lastIndexOf('@');
		if (at <= 0 || at == address.length() - 1 || address.indexOf('@') != at) {
			throw new Invalid("Please enter an e-mail address such as name@example.com.");
		}
		String local = address.substring(0, at);
		if (local.length() > 64 || !LOCAL_PART.matcher(local).matches()) {
			throw new Invalid(
					"Please enter an e-mail address such as name@example.com, without spaces, quotes or angle "
							+ "brackets.");
		}
		String domain = asciiDomain(address.substring(at + 1));
		String normalised = local + "@" + domain;
		if (normalised.length() > MAX_LENGTH) {
			throw new Invalid("That e-mail address is too long (at most 254 characters).");
		}
		return new EmailAddress(normalised);
	}

	private static String asciiDomain(String domain) {
		String ascii;
		try {
			ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			throw new Invalid("The part after the @ is not a valid domain name.");
		}
		String[] labels = ascii.split("\\.", -1);
		if (labels.length < 2) {
			throw new Invalid("The part after the @ needs a dot, as in example.com.");
		}
		for (String label : labels) {
			if (!DOMAIN_LABEL.matcher(label).matches()) {
				throw new Invalid("The part after the @ is not a valid domain name.");
			}
		}
		if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
			throw new Invalid("The part after the @ is not a valid domain name.");
		}
		return ascii;
	}

	/** The address with its domain in Unicode, as a reader would write it. */
	public String toUnicode() {
		int at = value.lastIndexOf('@');
		return value.substring(0, at + 1) + IDN.toUnicode(value.substring(at + 1));
	}

	/**
	 * The address as two addresses are compared: lower-case. Mailboxes ignore the case of
	 * the local part in practice, so "Ann@" and "ANN@" are one reader (the database keeps
	 * it as {@code email_key}).
	 */
	public String key() {
		return value.toLowerCase(Locale.ROOT);
	}

	/** A one-way hash of the address, case-insensitive, for the suppression list. */
	public String hash() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return value;
	}
}
