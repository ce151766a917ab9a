package dev.glowletter;

import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixtures: readers put straight into the database, for tests about what is sent to
 * them.
 */
public final class Readers {

	private Readers() {
	}

	/** A confirmed reader; returns their id. */
	public static long confirmed(JdbcClient jdbc, String email, String firstName) {
		Instant now = Instant.now();
		jdbc.sql("""
				INSERT INTO subscriber (email, first_name, status, created_at, status_changed_at,
				confirmed_at, token_version, version)
				VALUES (?, ?, 'CONFIRMED', ?, ?, ?, 1, 0)""")
			.params(email, firstName, now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC),
					now.atOffset(ZoneOffset.UTC))
			.update();
		return jdbc.sql("SELECT id FROM subscriber WHERE email = ?").param(email).query(Long.class).single();
	}

	/** Many confirmed readers: {@code prefix-0@domain}, {@code prefix-1@domain}, … */
	public static void confirmedMany(JdbcClient jdbc, String prefix, String domain, int count) {
		for (int i = 0; i < count; i++) {
			confirmed(jdbc, prefix + "-" + i + "@" + domain, null);
		}
	}

}
