package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A consent written, and the sign-ups from an IP address counted, in plain SQL: both are
 * on every sign-up's path, where an entity kept until the commit (to be checked for
 * changes it will never have) cost more than the row.
 */
public interface ConsentRows {

	/** Writes the consent; the object is not kept (its id stays unset). */
	void insert(Consent consent);

	/**
	 * When the {@code n}-th newest sign-up from the IP address since the time was given,
	 * if there were {@code n}; reads no more than {@code n} (index consent_ip_idx).
	 */
	Optional<Instant> nthNewestFromIp(String ip, Instant since, int n);

	/** {@link #insert} for each, in one batch (one round trip on PostgreSQL). */
	void insertAll(List<Consent> consents);

	/**
	 * {@link #nthNewestFromIp} for several IP addresses, in one query.
	 * @return per IP address that had {@code n}, when its {@code n}-th was given
	 */
	Map<String, Instant> nthNewestFromIps(List<String> ips, Instant since, int n);

}
