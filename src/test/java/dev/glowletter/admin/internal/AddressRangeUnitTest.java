package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeUnitTest {

	private static InetAddress address(String text) {
		return AddressRange.literal(text).orElseThrow();
	}

	@ParameterizedTest
	@CsvSource({ "10.0.0.0/8, 10.255.1.2, true", "10.0.0.0/8, 11.0.0.1, false", "192.168.1.16/28, 192.168.1.31, true",
			"192.168.1.16/28, 192.168.1.32, false", "192.168.1.5, 192.168.1.5, true", "192.168.1.5, 192.168.1.6, false",
			"192.168.1.5/32, 192.168.1.5, true", "0.0.0.0/0, 203.0.113.9, true", "10.1.2.3/8, 10.9.9.9, true",
			"2001:db8::/32, 2001:db8:ffff::1, true", "2001:db8::/32, 2001:db9::1, false",
			"2001:db8::7, 2001:DB8:0:0:0:0:0:7, true", "2001:db8::7, 2001:db8::8, false", "fd00::/8, fdff::1, true",
			"::1, 0:0:0:0:0:0:0:1, true", "::/0, 2001:db8::1, true", "[2001:db8::]/48, 2001:db8:0:1::1, true",
			"::ffff:10.0.0.0/104, 10.20.30.40, true", "::ffff:10.0.0.0/104, 11.0.0.1, false" })
	void rangeContainsExactlyItsAddresses(String range, String address, boolean contained) {
		assertThat(AddressRange.parse(range).contains(address(address))).isEqualTo(contained);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2001:db8::1", "10.0.0.1" })
	void anIPv4AddressIsNeverInAnIPv6RangeOfTheSameBitsNorTheOtherWayRound(String address) {
		String other = address.contains(":") ? "0.0.0.0/0" : "::/0";
		assertThat(AddressRange.parse(other).contains(address(address))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "localhost", "proxy.internal", "example.org", "10.0.0", "10.0.0.256", "010.0.0.1",
			"10.0.0.1/33", "10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/a", "2001:db8::/129", "2001:db8:::1", "fe80::zz",
			"1.2.3.4.5", "10.0.0.0/8,10.0.0.1", "*" })
	void anythingButAnAddressOrARangeIsRefused(String text) {
		assertThatThrownBy(() -> AddressRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "unknown", "localhost", "evil.example", "_hidden", "10.0.0.1:80", "" })
	void onlyAddressLiteralsAreAddresses(String text) {
		assertThat(AddressRange.literal(text)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "10.0.0.1, 10.0.0.1", "[2001:db8::1], 2001:db8:0:0:0:0:0:1", "2001:DB8::1, 2001:db8:0:0:0:0:0:1",
			"' 192.0.2.1 ', 192.0.2.1", "::ffff:192.0.2.1, 192.0.2.1" })
	void literalsAreReadInOneSpelling(String text, String normalized) {
		assertThat(AddressRange.literal(text).orElseThrow().getHostAddress()).isEqualTo(normalized);
	}

}
