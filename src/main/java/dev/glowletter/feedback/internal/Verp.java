package dev.glowletter.feedback.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VERP codec: an envelope sender per message, {@code bounces+c12-345-<mac>@domain}
 * for reader 345's copy of campaign 12 and {@code bounces+t678-345-<mac>@domain} for
 * transactional mail 678 to that reader. The mac (HMAC-SHA256 with the link key, 65 bits
 * in 13 base32 letters) makes a forged address worthless; everything is lower case, as
 * some servers fold local parts.
 */
final class Verp {

	private static final Pattern TOKEN = Pattern.compile("([ct])(\\d{1,18})-(\\d{1,18})-([a-z2-7]{13})");

	private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

	private final String localPart;

	private final String domain;

	private final UnaryOperator<byte[]> hmac;

	/** What a valid VERP address names. */
	record Copy(boolean campaign, long sendId, long subscriberId) {

		/** The campaign, or null for a transactional mail. */
		Long campaignId() {
			return campaign ? sendId : null;
		}

		/** The send it is about: soft bounces count once per send. */
		String sendKey() {
			return (campaign ? "c" : "t") + sendId;
		}

	}

	/**
	 * @param bounceAddress the bounce address without a '+'
	 * @param hmac the HMAC-SHA256 of a payload with the link key, for VERP
	 */
	Verp(String bounceAddress, UnaryOperator<byte[]> hmac) {
		int at = bounceAddress.lastIndexOf('@');
		this.localPart = bounceAddress.substring(0, at).toLowerCase(Locale.ROOT);
		this.domain = bounceAddress.substring(at + 1).toLowerCase(Locale.ROOT);
		this.hmac = hmac;
	}

	String campaignCopy(long campaignId, long subscriberId) {
		return address('c', campaignId, subscriberId);
	}

	String transactional(long messageId, long subscriberId) {
		return address('t', messageId, subscriberId);
	}

	private String address(char kind, long sendId, long subscriberId) {
		String token = kind + Long.toString(sendId) + '-' + subscriberId;
		return localPart + '+' + token + '-' + mac(token) + '@' + domain;
	}

	/**
	 * Whether an address is of the bounce address's form ({@code local+...@domain}),
	 * whatever follows the '+': a report to one is ours, and must verify.
	 */
	boolean looksLikeOurs(String address) {
		String lower = address.toLowerCase(Locale.ROOT);
		return lower.startsWith(localPart + '+') && lower.endsWith('@' + domain);
	}

	/** What the address names, if it is one we made. */
	Optional<Copy> decode(String address) {
		if (address == null || !looksLikeOurs(address)) {
			return Optional.empty();
		}
		String lower = address.toLowerCase(Locale.ROOT);
		String token = lower.substring(localPart.length() + 1, lower.length() - domain.length() - 1);
		Matcher matcher = TOKEN.matcher(token);
		if (!matcher.matches()) {
			return Optional.empty();
		}
		String signed = token.substring(0, matcher.start(4) - 1);
		if (!MessageDigest.isEqual(mac(signed).getBytes(StandardCharsets.US_ASCII),
				matcher.group(4).getBytes(StandardCharsets.US_ASCII))) {
			return Optional.empty();
		}
		try {
			return Optional.of(new Copy(matcher.group(1).equals("c"), Long.parseLong(matcher.group(2)),
					Long.parseLong(matcher.group(3))));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** 65 bits of the HMAC in 13 base32 letters. */
	private String mac(String token) {
		byte[] digest = hmac.apply(token.getBytes(StandardCharsets.US_ASCII));
		char[] out = new char[13];
		long bits = 0;
		int held = 0;
		int in = 0;
		for (int i = 0; i < out.length; i++) {
			if (held < 5) {
				bits = (bits << 8) | (digest[in++] & 0xff);
				held += 8;
			}
			out[i] = BASE32[(int) (bits >>> (held - 5)) & 31];
			held -= 5;
		}
		return new String(out);
	}

}
