package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.time.ZoneOffset;

import dev.glowletter.subscription.EmailAddress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Hashes of addresses that must not be added back by anyone but their owner. */
@Component
public class Suppressions {

	private final JdbcClient jdbc;

	Suppressions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void suppress(EmailAddress email, String reason, Instant now) {
		if (!contains(email)) {
			jdbc.sql("INSERT INTO suppression (email_hash, reason, created_at) VALUES (?, ?, ?)")
				.params(email.hash(), reason, now.atOffset(ZoneOffset.UTC))
				.update();
		}
	}

	public boolean contains(EmailAddress email) {
		return jdbc.sql("SELECT COUNT(*) FROM suppression WHERE email_hash = ?")
			.param(email.hash())
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * The owner confirmed a new subscription themselves: the address is welcome again.
	 */
	public void lift(EmailAddress email) {
		jdbc.sql("DELETE FROM suppression WHERE email_hash = ?").param(email.hash()).update();
	}

}
