package dev.glowletter.admin.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address or a CIDR range of them, IPv4 or IPv6 ({@code 10.0.0.5},
 * {@code 10.0.0.0/8}, {@code 2001:db8::/32}). Text is read as an address literal only,
 * never looked up in DNS.
 */
record AddressRange(byte[] network, int prefix) {

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

	/**
	 * @throws IllegalArgumentException when the text is neither an address nor a range
	 */
	static AddressRange parse(String text) {
		String trimmed = text.strip();
		int slash = trimmed.indexOf('/');
		String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
		InetAddress parsed = literal(address)
			.orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address or a CIDR range"));
		int bits = parsed.getAddress().length * 8;
		int prefix = bits;
		if (slash >= 0) {
			String length = trimmed.substring(slash + 1);
			if (!length.matches("\\d{1,3}")) {
				throw new IllegalArgumentException("'" + text + "' has no prefix length after the /");
			}
			prefix = Integer.parseInt(length);
			// ::ffff:10.0.0.0/104 is read as the IPv4 address it maps, so its prefix
			// counts IPv4 bits
			if (parsed instanceof Inet4Address && address.contains(":")) {
				prefix -= 96;
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
			}
		}
		return new AddressRange(mask(parsed.getAddress(), prefix), prefix);
	}

	/**
	 * The address the text is a literal of (dotted IPv4, or IPv6 with or without
	 * brackets); empty for anything else, host names included.
	 */
	static Optional<InetAddress> literal(String text) {
		String candidate = text.strip();
		if (candidate.startsWith("[") && candidate.endsWith("]")) {
			candidate = candidate.substring(1, candidate.length() - 1);
		}
		try {
			if (IPV4.matcher(candidate).matches()) {
				return Optional.of(InetAddress.getByName(candidate));
			}
			if (IPV6.matcher(candidate).matches()) {
				// in brackets, the JDK parses an IPv6 literal or fails: it never falls
				// back to a DNS lookup
				return Optional.of(InetAddress.getByName("[" + candidate + "]"));
			}
		}
		catch (UnknownHostException | IllegalArgumentException notAnAddress) {
			return Optional.empty();
		}
		return Optional.empty();
	}

	boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
	}

	private static byte[] mask(byte[] address, int prefix) {
		byte[] masked = address.clone();
		for (int i = 0; i < masked.length; i++) {
			int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
			masked[i] &= (byte) (0xFF << (8 - bitsHere));
		}
		return masked;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AddressRange range && range.prefix == prefix && Arrays.equals(range.network, network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(network) + prefix;
	}

	@Override
	public String toString() {
		try {
			return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
		}
		catch (UnknownHostException impossible) {
			throw new IllegalStateException(impossible);
		}
	}
}
