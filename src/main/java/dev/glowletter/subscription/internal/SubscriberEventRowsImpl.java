package dev.glowletter.subscription.internal;

import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link SubscriberEventRows} for {@link SubscriberEvents}, by Spring Data's naming. */
class SubscriberEventRowsImpl implements SubscriberEventRows {

	private static final String INSERT = "INSERT INTO subscriber_event (subscriber_id, type, occurred_at, detail) "
			+ "VALUES (?, ?, ?, ?)";

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	SubscriberEventRowsImpl(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	@Override
	public void insert(SubscriberEvent event) {
		jdbc.sql(INSERT).params(values(event)).update();
	}

	@Override
	public void insertAll(List<SubscriberEvent> events) {
		if (!events.isEmpty()) {
			batch.batchUpdate(INSERT, events.stream().map(SubscriberEventRowsImpl::values).toList());
		}
	}

	private static Object[] values(SubscriberEvent event) {
		return new Object[] { event.getSubscriberId(), event.getType(), event.getOccurredAt().atOffset(ZoneOffset.UTC),
				event.getDetail() };
	}

}
