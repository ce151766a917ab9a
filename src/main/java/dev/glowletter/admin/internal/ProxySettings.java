package dev.glowletter.admin.internal;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whom the service believes about the client behind a connection: only these peers'
 * forwarded headers (X-Forwarded-For, -Proto, -Host, -Port) are read; from anyone else
 * they change nothing.
 *
 * @param trustedProxies IP addresses and CIDR ranges, IPv4 or IPv6, of the load balancers
 * and reverse proxies in front of the service (e.g. {@code 10.0.0.0/24}); empty, the
 * default, believes no one
 */
@Validated
@ConfigurationProperties("glowletter")
record ProxySettings(@DefaultValue List<String> trustedProxies) {

	ProxySettings {
		trustedProxies = List.copyOf(trustedProxies);
		for (String entry : trustedProxies) {
			try {
				AddressRange.parse(entry);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("glowletter.trusted-proxies: " + ex.getMessage()
						+ "; set GLOWLETTER_TRUSTED_PROXIES to IP addresses or CIDR ranges separated by commas, e.g. "
						+ "10.0.0.0/24,2001:db8::7");
			}
		}
	}

	List<AddressRange> ranges() {
		return trustedProxies.stream().map(AddressRange::parse).toList();
	}
}
