package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.glowletter.subscription.EmailAddress;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** All readers. */
public interface Subscribers extends JpaRepository<Subscriber, Long> {

	/** The reader with that address in any case ({@link EmailAddress#key()}). */
	Optional<Subscriber> findByEmailKey(String emailKey);

	/**
	 * The same, locked until the transaction ends: whatever is decided for that reader is
	 * decided one at a time.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Subscriber s where s.emailKey = ?1")
	Optional<Subscriber> lockByEmailKey(String emailKey);

	/**
	 * {@link #lockByEmailKey} for several addresses, in one query. In SQL: Hibernate
	 * translates a query of its own language anew at each call when a list's length is in
	 * it (3% of a grouped sign-up's CPU on H2).
	 */
	@Query(value = "SELECT * FROM subscriber WHERE email_key IN (?1) FOR UPDATE", nativeQuery = true)
	List<Subscriber> lockByEmailKeyIn(Collection<String> emailKeys);

	/**
	 * The reader of a confirmation link mailed before links named their reader
	 * (ConfirmationTokens).
	 */
	Optional<Subscriber> findByConfirmationTokenHash(String hash);

	/**
	 * The same, locked until the transaction ends: a second click on the link waits for
	 * the first.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Subscriber s where s.confirmationTokenHash = ?1")
	Optional<Subscriber> lockByConfirmationTokenHash(String hash);

	Optional<Subscriber> findByNewEmailTokenHash(String hash);

	/**
	 * The new address the link is for, without loading the reader (a reader loaded before
	 * it is locked would be read as it was then).
	 */
	@Query("select s.newEmail from Subscriber s where s.newEmailTokenHash = ?1")
	Optional<String> newEmailByTokenHash(String hash);

	/**
	 * The reader whose address change the link confirms, locked until the transaction
	 * ends: a second click waits for the first, then finds the link used.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Subscriber s where s.newEmailTokenHash = ?1")
	Optional<Subscriber> lockByNewEmailTokenHash(String hash);

	/**
	 * A reader locked until the transaction ends, for a change that must not meet another
	 * at once.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select s from Subscriber s where s.id = ?1")
	Optional<Subscriber> lockById(long id);

	/**
	 * Pending since before the cutoff, never confirmed, and holding no link that still
	 * works at {@code now}.
	 */
	@Query("""
			select s.id from Subscriber s
			where s.status = PENDING and s.statusChangedAt < ?1
			  and s.confirmedAt is null and (s.confirmationExpiresAt is null or s.confirmationExpiresAt <= ?2)""")
	List<Long> neverConfirmedPendingSince(Instant cutoff, Instant now);

	@Modifying
	@Query("""
			update Subscriber s set s.status = UNSUBSCRIBED,
			  s.confirmationTokenHash = null, s.confirmationSecretHash = null, s.confirmationExpiresAt = null,
			  s.statusChangedAt = ?2
			where s.status = PENDING and s.statusChangedAt < ?1
			  and s.confirmedAt is not null and (s.confirmationExpiresAt is null or s.confirmationExpiresAt <= ?2)""")
	int returnStalePendingToUnsubscribed(Instant cutoff, Instant now);

}
