package dev.glowletter.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.glowletter.InvalidInput;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The team's admin accounts and their API tokens. The configured account
 * ({@code glowletter.admin.*}) is the first OWNER and is not a stored account: it logs in
 * with the configured password, and its name is taken (its row, once it sets up
 * two-factor login, holds that only, and is left out here). Stored accounts have a role
 * each and a password hashed with bcrypt (at least {@value #MIN_PASSWORD} characters, not
 * a common one). API tokens are kept as their SHA-256 only; a READ token acts as a
 * VIEWER, a WRITE token with its account's role.
 */
@Service
class Accounts {

	static final int MIN_PASSWORD = 12;

	static final String TOKEN_PREFIX = "glw_";

	/** How often a token's last use is written, at most. */
	static final Duration LAST_USED_EVERY = Duration.ofMinutes(1);

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{2,100}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{1,63}");

	private static final SecureRandom RANDOM = new SecureRandom();

	/** What an account may do. */
	public enum Role {

		/** Everything: accounts, settings, erasure and export. */
		OWNER,
		/** Articles, feeds, campaigns, digests, test sends, scheduling, subscribers. */
		EDITOR,
		/** Dashboards, reports and every page, read only. */
		VIEWER;

		String authority() {
			return "ROLE_" + name();
		}

	}

	/** What a token may do. */
	public enum Scope {

		READ, WRITE

	}

	public record Account(long id, String username, String email, Role role, Instant createdAt, String createdBy,
			Instant disabledAt, Instant passwordChangedAt, boolean twoFactor, String ssoIssuer, String ssoSubject) {

		public boolean enabled() {
			return disabledAt == null;
		}

		/** Whether it logs in by single sign-on only ({@link SingleSignOn}). */
		public boolean singleSignOn() {
			return ssoSubject != null;
		}

	}

	public record Token(long id, String owner, String name, Scope scope, String prefix, Instant createdAt,
			Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

		public boolean active(Instant now) {
			return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
		}

	}

	/** A token just made, with its secret: shown once, never stored. */
	public record NewToken(Token token, String secret) {
	}

	/** Who a token acts for, and as what. */
	record TokenUser(long tokenId, String owner, Role role) {
	}

	/** Fields that cannot be used; nothing was stored. */
	static class Invalid extends InvalidInput {

		Invalid(Map<String, String> errors) {
			super(String.join(" ", errors.values()), errors);
		}

	}

	/** No such account, or no such token of the caller's. */
	static class NotFound extends RuntimeException {

		NotFound(String message) {
			super(message);
		}

	}

	private final JdbcClient jdbc;

	private final PasswordEncoder encoder;

	private final AdminProperties configured;

	private final Clock clock;

	private final Set<String> commonPasswords;

	Accounts(JdbcClient jdbc, PasswordEncoder encoder, AdminProperties configured, Clock clock) {
		this.jdbc = jdbc;
		this.encoder = encoder;
		this.configured = configured;
		this.clock = clock;
		this.commonPasswords = commonPasswords();
	}

	/** The configured account's name: the first OWNER. */
	String configuredOwner() {
		return configured.username();
	}

	/** Every stored account, by name. */
	List<Account> list() {
		return jdbc.sql("SELECT * FROM admin_account WHERE NOT configured ORDER BY username_key")
			.query(Accounts::account)
			.list();
	}

	Optional<Account> find(String username) {
		return jdbc.sql("SELECT * FROM admin_account WHERE username_key = ? AND NOT configured")
			.param(username.toLowerCase(Locale.ROOT))
			.query(Accounts::account)
			.optional();
	}

	/**
	 * The enabled stored accounts of this name or e-mail address (any case) that log in
	 * with a password: a single sign-on account gets no password (its provider decides
	 * who logs in).
	 */
	List<Account> byNameOrEmail(String nameOrEmail) {
		String key = nameOrEmail == null ? "" : nameOrEmail.trim().toLowerCase(Locale.ROOT);
		return jdbc.sql("""
				SELECT * FROM admin_account
				WHERE (username_key = ? OR LOWER(email) = ?) AND disabled_at IS NULL AND email IS NOT NULL
				  AND NOT configured AND sso_subject IS NULL""").params(key, key).query(Accounts::account).list();
	}

	/**
	 * Sets a stored account's password (a reset by e-mail).
	 * @throws Invalid when it is too weak
	 */
	@Transactional
	void setPassword(long id, String password) {
		Account account = byId(id);
		passwordProblem(password, account.username()).ifPresent(problem -> {
			throw new Invalid(Map.of("password", problem));
		});
		jdbc.sql("UPDATE admin_account SET password_hash = ?, password_changed_at = ? WHERE id = ?")
			.params(encoder.encode(password), timestamp(clock.instant()), id)
			.update();
	}

	/** Whether a stored account could have this name. */
	static boolean nameLooksRight(String username) {
		return username != null && USERNAME.matcher(username).matches();
	}

	/** Whether the address is one this service would write to. */
	static boolean emailLooksRight(String email) {
		return email != null && email.length() <= 320 && EMAIL.matcher(email.trim()).matches();
	}

	/** A stored account's password hash, for the login. */
	Optional<String> passwordHash(String username) {
		return jdbc.sql("SELECT password_hash FROM admin_account WHERE username_key = ? AND NOT configured")
			.param(username.toLowerCase(Locale.ROOT))
			.query(String.class)
			.optional();
	}

	/**
	 * A new account, by an OWNER.
	 * @throws Invalid when a field is wrong or the name is taken
	 */
	@Transactional
	Account create(String username, String email, String role, String password, String by) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = username == null ? "" : username.trim();
		if (!USERNAME.matcher(name).matches()) {
			errors.put("username", "Choose a user name of 2 to 100 letters, digits, dots, dashes, @ or +.");
		}
		else if (name.equalsIgnoreCase(configured.username()) || find(name).isPresent()) {
			errors.put("username", "This user name is taken.");
		}
		String mail = email == null ? "" : email.trim();
		if (!mail.isEmpty() && !emailLooksRight(mail)) {
			errors.put("email", "Enter an e-mail address like editor@example.org, or leave it empty.");
		}
		Optional<Role> chosen = named(Role.class, role);
		if (chosen.isEmpty()) {
			errors.put("role", "Choose OWNER, EDITOR or VIEWER.");
		}
		passwordProblem(password, name).ifPresent(problem -> errors.put("password", problem));
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		try {
			jdbc.sql("""
					INSERT INTO admin_account (username, username_key, email, role, password_hash,
					                           created_at, created_by)
					VALUES (?, ?, ?, ?, ?, ?, ?)""")
				.params(name, name.toLowerCase(Locale.ROOT), mail.isEmpty() ? null : mail, chosen.get().name(),
						encoder.encode(password), timestamp(clock.instant()), by)
				.update();
		}
		catch (DuplicateKeyException raced) {
			throw new Invalid(Map.of("username", "This user name is taken."));
		}
		return find(name).orElseThrow();
	}

	/** The stored account a single sign-on identity is linked to, if any. */
	Optional<Account> bySingleSignOn(String issuer, String subject) {
		return jdbc.sql("SELECT * FROM admin_account WHERE sso_issuer = ? AND sso_subject = ?")
			.params(issuer, subject)
			.query(Accounts::account)
			.optional();
	}

	/**
	 * A new account for a single sign-on identity, by its provider: its password hash is
	 * that of a random secret nobody is told, so it logs in by single sign-on only.
	 * @throws DuplicateKeyException when the name or the identity was taken meanwhile
	 */
	@Transactional
	Account createSingleSignOn(String username, Role role, String issuer, String subject) {
		jdbc.sql("""
				INSERT INTO admin_account (username, username_key, email, role, password_hash,
				                           created_at, created_by, sso_issuer, sso_subject)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(username, username.toLowerCase(Locale.ROOT), username, role.name(), encoder.encode(randomToken()),
					timestamp(clock.instant()), "single sign-on", issuer, subject)
			.update();
		return find(username).orElseThrow();
	}

	/** Gives a stored account another role. */
	@Transactional
	Account changeRole(long id, String role) {
		Role chosen = named(Role.class, role)
			.orElseThrow(() -> new Invalid(Map.of("role", "Choose OWNER, EDITOR or VIEWER.")));
		if (jdbc.sql("UPDATE admin_account SET role = ? WHERE id = ? AND NOT configured")
			.params(chosen.name(), id)
			.update() == 0) {
			throw new NotFound("There is no account " + id + ".");
		}
		return byId(id);
	}

	/**
	 * Stops (or lets again) a stored account log in; its tokens stop (or work again) with
	 * it.
	 */
	@Transactional
	Account enable(long id, boolean enabled) {
		int changed = jdbc.sql("UPDATE admin_account SET disabled_at = ? WHERE id = ? AND NOT configured")
			.params(enabled ? null : timestamp(clock.instant()), id)
			.update();
		if (changed == 0) {
			throw new NotFound("There is no account " + id + ".");
		}
		return byId(id);
	}

	/**
	 * A stored account's own new password.
	 * @throws Invalid when the current one is wrong or the new one too weak
	 */
	@Transactional
	void changePassword(String username, String current, String next) {
		Account account = find(username)
			.orElseThrow(() -> new Invalid(Map.of("current", "The configured account's password is set in its "
					+ "configuration (GLOWLETTER_ADMIN_PASSWORD), not here.")));
		String hash = passwordHash(username).orElseThrow();
		if (current == null || !encoder.matches(current, hash)) {
			throw new Invalid(Map.of("current", "This is not your current password."));
		}
		passwordProblem(next, username).ifPresent(problem -> {
			throw new Invalid(Map.of("password", problem));
		});
		jdbc.sql("UPDATE admin_account SET password_hash = ?, password_changed_at = ? WHERE id = ?")
			.params(encoder.encode(next), timestamp(clock.instant()), account.id())
			.update();
	}

	/** What is wrong with a new password, if anything. */
	Optional<String> passwordProblem(String password, String username) {
		if (password == null || password.length() < MIN_PASSWORD) {
			return Optional.of("Choose a password of at least " + MIN_PASSWORD + " characters.");
		}
		if (password.length() > 200) {
			return Optional.of("Choose a password of at most 200 characters.");
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (commonPasswords.contains(lower) || lower.contains(username.toLowerCase(Locale.ROOT))
				|| lower.chars().distinct().count() < 5) {
			return Optional.of("This password is too easy to guess: choose another (a few unrelated words work well).");
		}
		return Optional.empty();
	}

	/**
	 * A new API token of this account (the configured one, or a stored one).
	 * @param validDays how long it works, or null for until revoked
	 */
	@Transactional
	NewToken createToken(String owner, String name, String scope, Integer validDays) {
		Map<String, String> errors = new LinkedHashMap<>();
		String label = name == null ? "" : name.trim();
		if (label.isEmpty() || label.length() > 100) {
			errors.put("name", "Name the token (what uses it), in at most 100 characters.");
		}
		Optional<Scope> chosen = named(Scope.class, scope);
		if (chosen.isEmpty()) {
			errors.put("scope", "Choose READ or WRITE.");
		}
		if (validDays != null && (validDays < 1 || validDays > 3650)) {
			errors.put("validDays", "Choose between 1 and 3650 days, or none for a token that works until revoked.");
		}
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		String secret = TOKEN_PREFIX + randomToken();
		Instant now = clock.instant();
		Long accountId = find(owner).map(Account::id).orElse(null);
		jdbc.sql("""
				INSERT INTO api_token (account_id, owner, name, scope, token_hash, prefix, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(accountId, owner, label, chosen.get().name(), sha256(secret), secret.substring(0, 10),
					timestamp(now), validDays == null ? null : timestamp(now.plus(Duration.ofDays(validDays))))
			.update();
		Token token = jdbc.sql("SELECT * FROM api_token WHERE token_hash = ?")
			.param(sha256(secret))
			.query(Accounts::token)
			.single();
		return new NewToken(token, secret);
	}

	/** An account's tokens, newest first. */
	List<Token> tokens(String owner) {
		return jdbc.sql("SELECT * FROM api_token WHERE owner = ? ORDER BY id DESC")
			.param(owner)
			.query(Accounts::token)
			.list();
	}

	/** Revokes one of the owner's tokens (a token already revoked stays as it was). */
	@Transactional
	void revoke(String owner, long id) {
		int found = jdbc.sql("UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND owner = ?")
			.params(timestamp(clock.instant()), id, owner)
			.update();
		if (found == 0) {
			throw new NotFound("You have no token " + id + ".");
		}
	}

	/**
	 * Who a token acts for: empty when it is unknown, revoked, expired, or its account is
	 * disabled or gone. Its last use is written at most once a minute.
	 */
	Optional<TokenUser> authenticate(String secret) {
		if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 100) {
			return Optional.empty();
		}
		Instant now = clock.instant();
		Optional<Token> found = jdbc.sql("SELECT * FROM api_token WHERE token_hash = ?")
			.param(sha256(secret))
			.query(Accounts::token)
			.optional()
			.filter(token -> token.active(now));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Token token = found.get();
		Role role;
		if (token.owner().equalsIgnoreCase(configured.username())) {
			role = Role.OWNER;
		}
		else {
			Optional<Account> account = find(token.owner()).filter(Account::enabled);
			if (account.isEmpty()) {
				return Optional.empty();
			}
			role = account.get().role();
		}
		if (token.scope() == Scope.READ) {
			role = Role.VIEWER;
		}
		if (token.lastUsedAt() == null || token.lastUsedAt().plus(LAST_USED_EVERY).isBefore(now)) {
			jdbc.sql("UPDATE api_token SET last_used_at = ? WHERE id = ?").params(timestamp(now), token.id()).update();
		}
		return Optional.of(new TokenUser(token.id(), token.owner(), role));
	}

	/** The constant of this name in any case, if there is one. */
	private static <E extends Enum<E>> Optional<E> named(Class<E> type, String name) {
		try {
			return Optional.of(Enum.valueOf(type, name.trim().toUpperCase(Locale.ROOT)));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	Account byId(long id) {
		return jdbc.sql("SELECT * FROM admin_account WHERE id = ? AND NOT configured")
			.param(id)
			.query(Accounts::account)
			.optional()
			.orElseThrow(() -> new NotFound("There is no account " + id + "."));
	}

	private static Account account(ResultSet rs, int row) throws SQLException {
		return new Account(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
				Role.valueOf(rs.getString("role")), instant(rs, "created_at"), rs.getString("created_by"),
				instant(rs, "disabled_at"), instant(rs, "password_changed_at"), rs.getString("totp_secret") != null,
				rs.getString("sso_issuer"), rs.getString("sso_subject"));
	}

	private static Token token(ResultSet rs, int row) throws SQLException {
		return new Token(rs.getLong("id"), rs.getString("owner"), rs.getString("name"),
				Scope.valueOf(rs.getString("scope")), rs.getString("prefix"), instant(rs, "created_at"),
				instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/** A new random token for a link or an API token (256 bits, URL-safe). */
	static String randomToken() {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The most common passwords (lower case), from {@code common-passwords.txt}. */
	private static Set<String> commonPasswords() {
		try (InputStream in = new ClassPathResource("common-passwords.txt").getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter(line -> !line.isEmpty() && !line.startsWith("#"))
				.map(line -> line.toLowerCase(Locale.ROOT))
				.collect(Collectors.toUnmodifiableSet());
		}
		catch (IOException ex) {
			throw new IllegalStateException("common-passwords.txt is missing from the build", ex);
		}
	}

}
