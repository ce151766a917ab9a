package dev.glowletter.admin.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The admin logins under way or failed, counted in the database ({@code login_throttle})
 * so that every instance sees one count, and counted before the password is checked so
 * that parallel guesses cannot all slip in before the first failure is recorded. Each
 * account has a count per address it is tried from, a hard limit ({@code max-failures} in
 * the window), and a count over all addresses: past {@code account-backoff-after}
 * failures, attempts on the account are spaced out by a wait that doubles up to
 * {@code account-backoff-max}. Every change is a compare-and-set on the row's version,
 * tried again when another attempt changed the row first.
 */
@Component
class LoginFailures {

	/** The address of an account's row that counts all addresses together. */
	static final String ANY_ADDRESS = "*";

	private static final int MAX_TRIES = 200;

	/** Which limit refused an attempt. */
	enum Limit {

		ADDRESS, ACCOUNT

	}

	/**
	 * What taking an attempt found: allowed and counted (no wait), or refused by a limit
	 * for as long as the wait. The counts are those after this attempt was counted.
	 */
	record Verdict(Duration retryAfter, Limit limit, int addressFailures, int accountFailures) {

		boolean refused() {
			return isPositive(retryAfter);
		}
	}

	private record Count(int failures, Instant firstAt, Instant lastAt, Instant nextAt, long version) {
	}

	private final JdbcClient jdbc;

	private final LoginThrottle.Settings settings;

	private final Clock clock;

	LoginFailures(JdbcClient jdbc, LoginThrottle.Settings settings, Clock clock) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Counts an attempt on the account from the address before it is checked, or refuses
	 * it. An attempt the account's spacing refuses is taken back from the address's count
	 * (the admin's own tries while others guess must not block their address), unless
	 * {@code keepWhenSpaced}.
	 */
	Verdict take(String account, String address, boolean keepWhenSpaced) {
		Instant now = clock.instant();
		Taken atAddress = take(account, address, now, false);
		if (isPositive(atAddress.retryAfter())) {
			return new Verdict(atAddress.retryAfter(), Limit.ADDRESS, atAddress.failures(), 0);
		}
		Taken onAccount = take(account, ANY_ADDRESS, now, false);
		if (isPositive(onAccount.retryAfter())) {
			if (!keepWhenSpaced) {
				decrement(account, address);
			}
			return new Verdict(onAccount.retryAfter(), Limit.ACCOUNT, atAddress.failures(), onAccount.failures());
		}
		return new Verdict(Duration.ZERO, null, atAddress.failures(), onAccount.failures());
	}

	/**
	 * Counts a failure that was not taken beforehand (credentials remembered as good
	 * turned out wrong).
	 */
	void countFailure(String account, String address) {
		Instant now = clock.instant();
		take(account, address, now, true);
		take(account, ANY_ADDRESS, now, true);
	}

	/**
	 * How long the address is still refused for the account; zero when it is not. Counts
	 * nothing.
	 */
	Duration blockedFor(String account, String address) {
		Instant now = clock.instant();
		return find(account, address).map(count -> addressWait(count, now)).orElse(Duration.ZERO);
	}

	/**
	 * Takes back an attempt that was not a failure (it never got to a password check).
	 */
	void giveBack(String account, String address) {
		decrement(account, address);
		decrement(account, ANY_ADDRESS);
	}

	/**
	 * The right password: the address starts afresh, as before; the account's count drops
	 * by this attempt only.
	 */
	void succeeded(String account, String address) {
		jdbc.sql("DELETE FROM login_throttle WHERE account = ? AND address = ?").param(account).param(address).update();
		decrement(account, ANY_ADDRESS);
	}

	/**
	 * Deletes the counts that have been quiet for the window and whose spacing has run
	 * out.
	 */
	int forgetOld() {
		Instant now = clock.instant();
		return jdbc.sql("DELETE FROM login_throttle WHERE last_at < ? AND (next_at IS NULL OR next_at < ?)")
			.param(at(now.minus(settings.window())))
			.param(at(now))
			.update();
	}

	private record Taken(Duration retryAfter, int failures) {
	}

	private Taken take(String account, String address, Instant now, boolean force) {
		boolean perAddress = !ANY_ADDRESS.equals(address);
		for (int tries = 0; tries < MAX_TRIES; tries++) {
			Optional<Count> found = find(account, address);
			Count current = found.orElse(null);
			if (!force && current != null) {
				Duration wait = perAddress ? addressWait(current, now) : accountWait(current, now);
				if (isPositive(wait)) {
					return new Taken(wait, current.failures());
				}
			}
			Count next = perAddress ? nextAtAddress(current, now) : nextOnAccount(current, now);
			if (current == null ? insert(account, address, next) : update(account, address, current.version(), next)) {
				return new Taken(Duration.ZERO, next.failures());
			}
		}
		// so many attempts on one row at once that this one never got a turn: refuse it
		// rather than let it in uncounted
		return new Taken(Duration.ofSeconds(1), 0);
	}

	private Duration addressWait(Count count, Instant now) {
		Instant until = count.firstAt().plus(settings.window());
		return count.failures() >= settings.maxFailures() && now.isBefore(until) ? Duration.between(now, until)
				: Duration.ZERO;
	}

	private Count nextAtAddress(Count current, Instant now) {
		if (current == null || !now.isBefore(current.firstAt().plus(settings.window()))) {
			return new Count(1, now, now, null, 0);
		}
		return new Count(current.failures() + 1, current.firstAt(), now, null, 0);
	}

	private Duration accountWait(Count count, Instant now) {
		boolean quiet = !now.isBefore(count.lastAt().plus(settings.window()));
		boolean spaced = count.failures() >= settings.accountBackoffAfter() && count.nextAt() != null
				&& now.isBefore(count.nextAt());
		return !quiet && spaced ? Duration.between(now, count.nextAt()) : Duration.ZERO;
	}

	private Count nextOnAccount(Count current, Instant now) {
		// the count starts afresh after the account has been quiet for a window: a steady
		// guesser stays slowed down
		boolean fresh = current == null || !now.isBefore(current.lastAt().plus(settings.window()));
		int failures = (fresh ? 0 : current.failures()) + 1;
		Instant nextAt = failures >= settings.accountBackoffAfter()
				? now.plus(settings.spacing(failures - settings.accountBackoffAfter() + 1)) : null;
		return new Count(failures, fresh ? now : current.firstAt(), now, nextAt, 0);
	}

	private Optional<Count> find(String account, String address) {
		return jdbc
			.sql("SELECT failures, first_at, last_at, next_at, version FROM login_throttle WHERE account = ? AND "
					+ "address = ?")
			.param(account)
			.param(address)
			.query((rs, row) -> new Count(rs.getInt("failures"),
					instant(rs.getObject("first_at", OffsetDateTime.class)),
					instant(rs.getObject("last_at", OffsetDateTime.class)),
					instant(rs.getObject("next_at", OffsetDateTime.class)), rs.getLong("version")))
			.optional();
	}

	private boolean insert(String account, String address, Count count) {
		try {
			jdbc.sql("INSERT INTO login_throttle (account, address, failures, first_at, last_at, next_at, version) "
					+ "VALUES (?, ?, ?, ?, ?, ?, 0)")
				.param(account)
				.param(address)
				.param(count.failures())
				.param(at(count.firstAt()))
				.param(at(count.lastAt()))
				.param(at(count.nextAt()))
				.update();
			return true;
		}
		catch (DuplicateKeyException raced) {
			return false;
		}
	}

	private boolean update(String account, String address, long version, Count count) {
		return jdbc.sql("""
				UPDATE login_throttle SET failures = ?, first_at = ?, last_at = ?, next_at = ?, version = version + 1
				WHERE account = ? AND address = ? AND version = ?""")
			.param(count.failures())
			.param(at(count.firstAt()))
			.param(at(count.lastAt()))
			.param(at(count.nextAt()))
			.param(account)
			.param(address)
			.param(version)
			.update() == 1;
	}

	private void decrement(String account, String address) {
		jdbc.sql("UPDATE login_throttle SET failures = failures - 1, version = version + 1 WHERE account = ? AND "
				+ "address = ? AND failures > 0")
			.param(account)
			.param(address)
			.update();
	}

	static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static OffsetDateTime at(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(OffsetDateTime at) {
		return at == null ? null : at.toInstant();
	}

}
