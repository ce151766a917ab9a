package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Every consent readers gave. */
public interface Consents extends JpaRepository<Consent, Long> {

	List<Consent> findBySubscriberIdOrderByGivenAt(Long subscriberId);

	/**
	 * When the sign-ups from the IP address since the time were given, newest first, the
	 * page's worth (index consent_ip_idx): {@code PageRequest.of(n - 1, 1)} is the n-th
	 * newest, if there are n, having read no more than n.
	 */
	@Query("select c.givenAt from Consent c where c.ip = :ip and c.givenAt >= :since order by c.givenAt desc")
	List<Instant> givenAtFromIpSince(String ip, Instant since, Pageable page);

}
