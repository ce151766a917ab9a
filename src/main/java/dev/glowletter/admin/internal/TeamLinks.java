package dev.glowletter.admin.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.delivery.Outbox;
import dev.glowletter.rendering.Email;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Links the team gets by e-mail: an owner's invitation (a week, to make an account with
 * the role it names) and a password reset (an hour). A link is a random token, kept as
 * its SHA-256, that works once: of two clicks at once, one makes the account.
 */
@Service
class TeamLinks {

	static final Duration INVITE_VALID = Duration.ofDays(7);

	static final Duration RESET_VALID = Duration.ofHours(1);

	/** Resets mailed to one account per hour, at most. */
	static final int RESETS_PER_HOUR = 3;

	/** An invitation as its page shows it. */
	record Invite(String email, Accounts.Role role, String invitedBy) {
	}

	private final JdbcClient jdbc;

	private final Accounts accounts;

	private final Outbox outbox;

	private final GlowletterProperties properties;

	private final Clock clock;

	TeamLinks(JdbcClient jdbc, Accounts accounts, Outbox outbox, GlowletterProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Mails an invitation to join with this role.
	 * @throws Accounts.Invalid when the address or the role is not one
	 */
	@Transactional
	void invite(String email, String role, String by) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (!Accounts.emailLooksRight(email)) {
			errors.put("inviteEmail", "Enter the e-mail address to invite, like editor@example.org.");
		}
		Accounts.Role chosen = null;
		try {
			chosen = Accounts.Role.valueOf(role == null ? "" : role.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			errors.put("inviteRole", "Choose OWNER, EDITOR or VIEWER.");
		}
		if (!errors.isEmpty()) {
			throw new Accounts.Invalid(errors);
		}
		String token = insert("INVITE", email.trim(), chosen, null, by, INVITE_VALID);
		Map<String, Object> model = new HashMap<>();
		model.put("invitedBy", by);
		model.put("role", chosen.name().toLowerCase(Locale.ROOT));
		model.put("inviteUrl", properties.link("/admin/invite/" + token));
		model.put("validDays", INVITE_VALID.toDays());
		model.put("footerNote", "You receive this because an owner of " + properties.list().name()
				+ " invited this address to its team.");
		outbox.enqueue(new Email(email.trim(), null, "You are invited to the team of " + properties.list().name(),
				"team-invite", model, null), "team-invite", Outbox.Priority.TRANSACTIONAL, null);
	}

	/** The invitation of this link, while it works. */
	Optional<Invite> invite(String token) {
		return jdbc.sql("""
				SELECT email, role, created_by FROM admin_link
				WHERE token_hash = ? AND kind = 'INVITE' AND used_at IS NULL AND expires_at > ?""")
			.params(Accounts.sha256(token == null ? "" : token), now())
			.query((rs, row) -> new Invite(rs.getString(1), Accounts.Role.valueOf(rs.getString(2)), rs.getString(3)))
			.optional();
	}

	/**
	 * Makes the invited account, once.
	 * @throws Accounts.Invalid when a field is wrong (the link still works), or the link
	 * was used or has expired
	 */
	@Transactional
	Accounts.Account accept(String token, String username, String password) {
		Invite invite = invite(token).orElseThrow(TeamLinks::gone);
		if (use(token, "INVITE") == 0) {
			throw gone();
		}
		return accounts.create(username, invite.email(), invite.role().name(), password,
				invite.invitedBy() + " (invitation)");
	}

	/**
	 * Mails a reset link to the stored account of this name or address, if there is one
	 * with an address (a few an hour at most); says nothing either way.
	 */
	@Transactional
	void requestReset(String nameOrEmail) {
		for (Accounts.Account account : accounts.byNameOrEmail(nameOrEmail)) {
			int lastHour = jdbc.sql("""
					SELECT COUNT(*) FROM admin_link WHERE account_id = ? AND kind = 'RESET' AND created_at > ?""")
				.params(account.id(), clock.instant().minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC))
				.query(Integer.class)
				.single();
			if (lastHour >= RESETS_PER_HOUR) {
				continue;
			}
			String token = insert("RESET", account.email(), null, account.id(), account.username(), RESET_VALID);
			Map<String, Object> model = new HashMap<>();
			model.put("username", account.username());
			model.put("resetUrl", properties.link("/admin/reset/" + token));
			model.put("validMinutes", RESET_VALID.toMinutes());
			model.put("footerNote", "You receive this because a password reset was asked for your account on the "
					+ "team of " + properties.list().name() + ".");
			outbox.enqueue(new Email(account.email(), null, "A new password for " + properties.list().name(),
					"password-reset", model, null), "password-reset", Outbox.Priority.TRANSACTIONAL, null);
		}
	}

	/** The account whose reset link this is, while it works. */
	Optional<Accounts.Account> resetFor(String token) {
		return jdbc.sql("""
				SELECT account_id FROM admin_link
				WHERE token_hash = ? AND kind = 'RESET' AND used_at IS NULL AND expires_at > ?""")
			.params(Accounts.sha256(token == null ? "" : token), now())
			.query(Long.class)
			.optional()
			.map(accounts::byId)
			.filter(Accounts.Account::enabled);
	}

	/**
	 * Sets the new password, once per link.
	 * @throws Accounts.Invalid when the password is too weak (the link still works), or
	 * the link was used or has expired
	 */
	@Transactional
	void reset(String token, String password) {
		Accounts.Account account = resetFor(token).orElseThrow(TeamLinks::gone);
		if (use(token, "RESET") == 0) {
			throw gone();
		}
		accounts.setPassword(account.id(), password);
	}

	private String insert(String kind, String email, Accounts.Role role, Long accountId, String by, Duration valid) {
		String token = Accounts.randomToken();
		Instant now = clock.instant();
		jdbc.sql("""
				INSERT INTO admin_link (kind, token_hash, email, role, account_id, created_at, created_by, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(kind, Accounts.sha256(token), email, role == null ? null : role.name(), accountId,
					now.atOffset(ZoneOffset.UTC), by, now.plus(valid).atOffset(ZoneOffset.UTC))
			.update();
		return token;
	}

	/** Marks the link used; 0 when another request used it first. */
	private int use(String token, String kind) {
		return jdbc.sql("""
				UPDATE admin_link SET used_at = ?
				WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?""")
			.params(now(), Accounts.sha256(token), kind, now())
			.update();
	}

	private Object now() {
		return clock.instant().atOffset(ZoneOffset.UTC);
	}

	private static Accounts.Invalid gone() {
		return new Accounts.Invalid(Map.of("token", "This link was used already, or it has expired."));
	}

}
