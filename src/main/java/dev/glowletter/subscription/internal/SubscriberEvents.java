package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/** Readers' histories. */
public interface SubscriberEvents extends JpaRepository<SubscriberEvent, Long>, SubscriberEventRows {

	List<SubscriberEvent> findBySubscriberIdOrderByOccurredAt(Long subscriberId);

	/** How many lines of that type the reader's history got after the instant. */
	long countBySubscriberIdAndTypeAndOccurredAtAfter(Long subscriberId, String type, Instant after);

}
