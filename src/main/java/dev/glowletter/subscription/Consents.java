package dev.glowletter.subscription;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Every consent readers gave. */
interface Consents extends JpaRepository<Consent, Long> {

	List<Consent> findBySubscriberIdOrderByGivenAt(Long subscriberId);
}
