package dev.glowletter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The guard against server-side request forgery that every outbound HTTP call shares (the
 * feed import, the webhooks): the addresses of the service's own machine and private
 * networks, which a URL an admin typed must not reach unless the setting that allows them
 * is on.
 */
public final class PrivateAddresses {

	private PrivateAddresses() {
	}

	/**
	 * Loopback, link-local, private (RFC 1918, IPv6 unique local), shared (RFC 6598),
	 * unspecified or multicast.
	 */
	public static boolean isPrivate(InetAddress address) {
		byte[] bytes = address.getAddress();
		boolean uniqueLocalV6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
		boolean sharedV4 = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
		return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6 || sharedV4;
	}

	/**
	 * The first of the host's addresses (a name resolved, or a literal) that is private,
	 * if any.
	 * @throws UnknownHostException when the name does not resolve
	 */
	public static Optional<InetAddress> firstPrivate(String host) throws UnknownHostException {
		for (InetAddress address : InetAddress.getAllByName(host)) {
			if (isPrivate(address)) {
				return Optional.of(address);
			}
		}
		return Optional.empty();
	}

}
