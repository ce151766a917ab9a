package dev.glowletter.delivery.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pace of each recipient domain that has a limit
 * ({@code glowletter.delivery.domain-rates}).
 */
final class DomainPaces {

	/** The pace per recipient domain that has a limit, by lower-case domain. */
	private final Map<String, DomainPace> paces = new ConcurrentHashMap<>();

	private final Clock clock;

	DomainPaces(Map<String, Integer> domainRates, Clock clock) {
		this.clock = clock;
		domainRates
			.forEach((domain, perSecond) -> paces.put(domain.toLowerCase(Locale.ROOT), new DomainPace(perSecond)));
	}

	/**
	 * Null when a copy to the address may go now, else when its domain's pace lets it.
	 */
	OffsetDateTime turn(String email) {
		if (paces.isEmpty() || email == null) {
			return null;
		}
		DomainPace pace = paces.get(email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT));
		Instant turn = pace == null ? null : pace.take(clock.instant());
		return turn == null ? null : turn.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

}
