package dev.glowletter.subscription.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Readers' histories. */
public interface SubscriberEvents extends JpaRepository<SubscriberEvent, Long> {

	List<SubscriberEvent> findBySubscriberIdOrderByOccurredAt(Long subscriberId);

}
