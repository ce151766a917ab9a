package dev.glowletter.subscription.internal;

import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link SubscriberEventRows} for {@link SubscriberEvents}, by Spring Data's naming. */
class SubscriberEventRowsImpl implements SubscriberEventRows {

	private final JdbcClient jdbc;

	SubscriberEventRowsImpl(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void insert(SubscriberEvent event) {
		jdbc.sql("INSERT INTO subscriber_event (subscriber_id, type, occurred_at, detail) VALUES (?, ?, ?, ?)")
			.params(event.getSubscriberId(), event.getType(), event.getOccurredAt().atOffset(ZoneOffset.UTC),
					event.getDetail())
			.update();
	}

}
