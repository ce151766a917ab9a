package dev.glowletter.subscription.internal;

import java.util.Collection;
import java.util.List;

import dev.glowletter.subscription.EmailAddress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns for the sign-ups of one address: a row lock that exists before the reader's own
 * row does, so that two sign-ups of a new address cannot both insert it. Addresses share
 * the 1,024 rows of {@code address_lock} by hash; a turn lasts one short transaction.
 */
@Component
public class AddressLocks {

	/** As many as the migration (V6) made. */
	static final int SLOTS = 1024;

	private final JdbcClient jdbc;

	AddressLocks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Waits for the address's turn, which ends with the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lock(EmailAddress email) {
		jdbc.sql("SELECT slot FROM address_lock WHERE slot = ? FOR UPDATE")
			.param(slot(email))
			.query(Integer.class)
			.single();
	}

	/**
	 * {@link #lock} for each address, in one query; the slots in their order, as every
	 * caller takes them, so that two callers never wait for each other in a circle.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lockAll(Collection<EmailAddress> emails) {
		List<Integer> slots = emails.stream().map(AddressLocks::slot).distinct().sorted().toList();
		if (!slots.isEmpty()) {
			jdbc.sql("SELECT slot FROM address_lock WHERE slot IN (:slots) ORDER BY slot FOR UPDATE")
				.param("slots", slots)
				.query(Integer.class)
				.list();
		}
	}

	static int slot(EmailAddress email) {
		return Math.floorMod(email.key().hashCode(), SLOTS);
	}

}
