package dev.glowletter.admin.internal;

import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriUtils;

/**
 * Two-factor login for stored accounts: a TOTP code (RFC 6238: 6 digits, 30 seconds,
 * HMAC-SHA1, what authenticator apps make) after the password, or one of ten one-use
 * recovery codes. A code is accepted once (its step is kept), within one step of the
 * clock either way. An account with two-factor login cannot use HTTP Basic: its scripts
 * use API tokens.
 */
@Service
class TwoFactor {

	static final int RECOVERY_CODES = 10;

	/**
	 * Wrong codes on an account within {@link #FAILURE_WINDOW} before no code is checked.
	 */
	static final int MAX_FAILED_CODES = 10;

	/** How long wrong codes count, and how long an account waits after the last one. */
	static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

	private static final Duration STEP = Duration.ofSeconds(30);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(STEP);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AdminProperties configured;

	TwoFactor(JdbcClient jdbc, Clock clock, AdminProperties configured) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.configured = configured;
	}

	/** A new key for an authenticator app (base32, 160 bits). */
	String newSecret() {
		byte[] key = new byte[20];
		RANDOM.nextBytes(key);
		return new Base32().encodeToString(key).replace("=", "");
	}

	/**
	 * The {@code otpauth://} address an authenticator app reads (from a QR code or
	 * pasted).
	 */
	static String otpauthUri(String username, String secret) {
		return "otpauth://totp/" + UriUtils.encodePathSegment("Glowletter:" + username, "UTF-8") + "?secret=" + secret
				+ "&issuer=Glowletter&algorithm=SHA1&digits=6&period=30";
	}

	/**
	 * The code an app with this key shows at this instant (for tests and the set-up
	 * check).
	 */
	String code(String secret, Instant at) {
		try {
			return String.format(Locale.ROOT, "%06d", totp.generateOneTimePassword(key(secret), at));
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	boolean enabled(String username) {
		return secret(username).isPresent();
	}

	/**
	 * Turns two-factor login on with the key the app was given, once a code of it is
	 * right; returns the recovery codes (shown once, kept as hashes).
	 * @throws Accounts.Invalid when the code is not right, or the account is not stored
	 */
	@Transactional
	List<String> enable(String username, String secret, String code) {
		long step = matchingStep(secret, code);
		if (step < 0) {
			throw new Accounts.Invalid(
					Map.of("code", "This code is not the app's: check the key and the phone's clock."));
		}
		long account = accountId(username).or(() -> configuredOwnersRow(username))
			.orElseThrow(() -> new Accounts.NotFound("There is no account " + username + "."));
		jdbc.sql("UPDATE admin_account SET totp_secret = ?, totp_last_step = ? WHERE id = ?")
			.params(secret, step, account)
			.update();
		jdbc.sql("DELETE FROM admin_recovery_code WHERE account_id = ?").param(account).update();
		List<String> codes = new ArrayList<>();
		Base32 base32 = new Base32();
		for (int i = 0; i < RECOVERY_CODES; i++) {
			byte[] random = new byte[5];
			RANDOM.nextBytes(random);
			String recovery = base32.encodeToString(random).toLowerCase(Locale.ROOT);
			recovery = recovery.substring(0, 4) + "-" + recovery.substring(4, 8);
			codes.add(recovery);
			jdbc.sql("INSERT INTO admin_recovery_code (account_id, code_hash) VALUES (?, ?)")
				.params(account, Accounts.sha256(recovery))
				.update();
		}
		return codes;
	}

	/**
	 * Turns two-factor login off, with a code of the app or a recovery code.
	 * @throws Accounts.Invalid when the code is not right
	 */
	@Transactional
	void disable(String username, String code) {
		if (!verify(username, code)) {
			throw new Accounts.Invalid(Map.of("code", "This code is not right."));
		}
		long account = accountId(username).orElseThrow();
		jdbc.sql("UPDATE admin_account SET totp_secret = NULL, totp_last_step = NULL WHERE id = ?")
			.param(account)
			.update();
		jdbc.sql("DELETE FROM admin_recovery_code WHERE account_id = ?").param(account).update();
	}

	/**
	 * An owner turns off a stored account's two-factor login (a lost phone and lost
	 * recovery codes): its next login is with the password alone, and it may set it up
	 * again.
	 * @throws Accounts.NotFound when there is no such account
	 */
	@Transactional
	void reset(long account) {
		if (jdbc.sql("""
				UPDATE admin_account SET totp_secret = NULL, totp_last_step = NULL, totp_failures = 0
				WHERE id = ?""").param(account).update() == 0) {
			throw new Accounts.NotFound("There is no account " + account + ".");
		}
		jdbc.sql("DELETE FROM admin_recovery_code WHERE account_id = ?").param(account).update();
	}

	/** Whether an owner requires every stored account to set up two-factor login. */
	boolean required() {
		return jdbc.sql("SELECT setting_value FROM admin_setting WHERE setting = 'two-factor-required'")
			.query(String.class)
			.optional()
			.map(Boolean::parseBoolean)
			.orElse(false);
	}

	/** An owner's choice: every stored account must set up two-factor login (or not). */
	@Transactional
	void require(boolean required) {
		if (jdbc.sql("UPDATE admin_setting SET setting_value = ? WHERE setting = 'two-factor-required'")
			.param(String.valueOf(required))
			.update() == 0) {
			jdbc.sql("INSERT INTO admin_setting (setting, setting_value) VALUES ('two-factor-required', ?)")
				.param(String.valueOf(required))
				.update();
		}
	}

	/**
	 * Whether this account must set up two-factor login before anything else: a stored
	 * account without it, while an owner requires it.
	 */
	boolean mustSetUp(String username) {
		return required() && (accountId(username).isPresent() || isConfigured(username)) && !enabled(username);
	}

	/** Recovery codes not used yet. */
	int recoveryCodesLeft(String username) {
		return accountId(username)
			.map(account -> jdbc
				.sql("SELECT COUNT(*) FROM admin_recovery_code WHERE account_id = ? AND used_at IS NULL")
				.param(account)
				.query(Integer.class)
				.single())
			.orElse(0);
	}

	/**
	 * Whether the code is the account's second factor now: its app's code of this
	 * 30-second step or the one on either side, not accepted before; or an unused
	 * recovery code, used up by this. Two requests with one code: one is accepted. Wrong
	 * codes are counted per account, across login attempts: past
	 * {@value #MAX_FAILED_CODES} in {@link #FAILURE_WINDOW}, none is checked until that
	 * long after the last.
	 */
	@Transactional
	boolean verify(String username, String code) {
		String given = code == null ? "" : code.replaceAll("\\s", "").toLowerCase(Locale.ROOT);
		if (given.matches("[a-z2-7]{8}")) {
			// a recovery code typed without its dash
			given = given.substring(0, 4) + "-" + given.substring(4);
		}
		Optional<Long> account = accountId(username);
		Optional<String> secret = secret(username);
		if (account.isEmpty() || secret.isEmpty() || given.isEmpty() || given.length() > 20) {
			return false;
		}
		if (locked(account.get())) {
			return false;
		}
		boolean right;
		if (given.matches("\\d{6}")) {
			long step = matchingStep(secret.get(), given);
			right = step >= 0 && jdbc.sql("""
					UPDATE admin_account SET totp_last_step = ?
					WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)""")
				.params(step, account.get(), step)
				.update() == 1;
		}
		else {
			right = jdbc.sql("""
					UPDATE admin_recovery_code SET used_at = ?
					WHERE account_id = ? AND code_hash = ? AND used_at IS NULL""")
				.params(clock.instant().atOffset(ZoneOffset.UTC), account.get(), Accounts.sha256(given))
				.update() == 1;
		}
		if (right) {
			jdbc.sql("UPDATE admin_account SET totp_failures = 0 WHERE id = ?").param(account.get()).update();
		}
		else {
			Object now = clock.instant().atOffset(ZoneOffset.UTC);
			jdbc.sql("""
					UPDATE admin_account SET totp_failed_at = ?,
					       totp_failures = CASE WHEN totp_failed_at IS NULL OR totp_failed_at < ? THEN 1
					                            ELSE totp_failures + 1 END
					WHERE id = ?""")
				.params(now, clock.instant().minus(FAILURE_WINDOW).atOffset(ZoneOffset.UTC), account.get())
				.update();
		}
		return right;
	}

	/**
	 * Whether no code is checked for this account now: {@value #MAX_FAILED_CODES} wrong
	 * ones, the last within {@link #FAILURE_WINDOW}.
	 */
	boolean locked(String username) {
		return accountId(username).map(this::locked).orElse(false);
	}

	private boolean locked(long account) {
		return jdbc.sql("""
				SELECT COUNT(*) FROM admin_account
				WHERE id = ? AND totp_failures >= ? AND totp_failed_at >= ?""")
			.params(account, MAX_FAILED_CODES, clock.instant().minus(FAILURE_WINDOW).atOffset(ZoneOffset.UTC))
			.query(Integer.class)
			.single() > 0;
	}

	/** The step (of 30 s) whose code this is, within one of now, or -1. */
	private long matchingStep(String secret, String code) {
		if (code == null || !code.trim().matches("\\d{6}")) {
			return -1;
		}
		long now = clock.instant().getEpochSecond() / STEP.getSeconds();
		for (long step = now - 1; step <= now + 1; step++) {
			if (code(secret, Instant.ofEpochSecond(step * STEP.getSeconds())).equals(code.trim())) {
				return step;
			}
		}
		return -1;
	}

	private Optional<String> secret(String username) {
		return jdbc.sql("SELECT totp_secret FROM admin_account WHERE username_key = ? AND totp_secret IS NOT NULL")
			.param(username.toLowerCase(Locale.ROOT))
			.query(String.class)
			.optional();
	}

	private boolean isConfigured(String username) {
		return username.equalsIgnoreCase(configured.username());
	}

	/**
	 * The configured owner's row, made for its second factor: its password and role stay
	 * in the configuration (the row's hash matches no password, and is never asked).
	 */
	private Optional<Long> configuredOwnersRow(String username) {
		if (!isConfigured(username)) {
			return Optional.empty();
		}
		jdbc.sql("""
				INSERT INTO admin_account (username, username_key, role, password_hash, created_at, created_by,
				                           configured)
				VALUES (?, ?, 'OWNER', '{none}', ?, 'configuration', TRUE)""")
			.params(configured.username(), configured.username().toLowerCase(Locale.ROOT),
					clock.instant().atOffset(ZoneOffset.UTC))
			.update();
		return accountId(username);
	}

	private Optional<Long> accountId(String username) {
		return jdbc.sql("SELECT id FROM admin_account WHERE username_key = ?")
			.param(username.toLowerCase(Locale.ROOT))
			.query(Long.class)
			.optional();
	}

	private SecretKeySpec key(String secret) {
		return new SecretKeySpec(new Base32().decode(secret), totp.getAlgorithm());
	}

}
