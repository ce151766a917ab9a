package dev.glowletter.delivery.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The readers whose data was erased, by id, in memory: the click tracker answers a link
 * that names its reader without asking the database, and an erased reader's links must
 * lead nowhere. Erasures are rare, so the ids are few: a sorted array, read again in full
 * when the table's count changes. This instance knows its own erasures when they commit;
 * another instance's within {@value #POLL_MILLIS} ms.
 */
@Component
public class ErasedReaders {

	static final long POLL_MILLIS = 1000;

	private final JdbcClient jdbc;

	/** The ids, sorted; null until first read. */
	private volatile long[] ids;

	ErasedReaders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether the reader of this id was erased. */
	public boolean contains(long subscriberId) {
		long[] known = ids;
		if (known == null) {
			known = read();
		}
		return Arrays.binarySearch(known, subscriberId) >= 0;
	}

	/**
	 * Notes the erasure in the caller's transaction; this instance knows it once the
	 * transaction commits.
	 */
	public void erased(long subscriberId, Instant at) {
		jdbc.sql("INSERT INTO erased_reader (subscriber_id, erased_at) VALUES (?, ?)")
			.params(subscriberId, at.atOffset(ZoneOffset.UTC))
			.update();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					read();
				}
			});
		}
		else {
			read();
		}
	}

	/** Reads the ids again when another instance added some. */
	@Scheduled(fixedDelay = POLL_MILLIS, initialDelay = POLL_MILLIS)
	void refresh() {
		long[] known = ids;
		long count = jdbc.sql("SELECT COUNT(*) FROM erased_reader").query(Long.class).single();
		if (known == null || count != known.length) {
			read();
		}
	}

	private synchronized long[] read() {
		long[] read = jdbc.sql("SELECT subscriber_id FROM erased_reader ORDER BY subscriber_id")
			.query(Long.class)
			.list()
			.stream()
			.mapToLong(Long::longValue)
			.toArray();
		ids = read;
		return read;
	}

}
