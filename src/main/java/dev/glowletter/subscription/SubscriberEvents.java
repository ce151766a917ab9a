package dev.glowletter.subscription;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Readers' histories. */
interface SubscriberEvents extends JpaRepository<SubscriberEvent, Long> {

	List<SubscriberEvent> findBySubscriberIdOrderByOccurredAt(Long subscriberId);
}
