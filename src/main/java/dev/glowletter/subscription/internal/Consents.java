package dev.glowletter.subscription.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Every consent readers gave. */
public interface Consents extends JpaRepository<Consent, Long>, ConsentRows {

	List<Consent> findBySubscriberIdOrderByGivenAt(Long subscriberId);

}
