package dev.glowletter.subscription.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Every consent readers gave. */
public interface Consents extends JpaRepository<Consent, Long> {

	List<Consent> findBySubscriberIdOrderByGivenAt(Long subscriberId);

}
