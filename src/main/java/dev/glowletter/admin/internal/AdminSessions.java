package dev.glowletter.admin.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The team's page sessions, one row each in the database, so that an account sees where
 * it is logged in and ends a session wherever it lives: sessions stay in each instance's
 * memory, and {@link LiveAccountFilter} asks here at every request whether its session
 * was ended. The session holds a random key; the row keeps its SHA-256, so the table
 * gives nobody a way into a session. A session's last use is written at most once a
 * minute.
 */
@Service
class AdminSessions {

	/** The session attribute holding the session's key. */
	static final String KEY = AdminSessions.class.getName() + ".key";

	static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

	private static final Duration KEEP = Duration.ofDays(30);

	/**
	 * Marks of browsers in a user agent, the first found names it (Edge says Chrome too).
	 */
	private static final List<Map.Entry<String, String>> BROWSERS = List.of(Map.entry("Edg/", "Edge"),
			Map.entry("Firefox/", "Firefox"), Map.entry("Chrome/", "Chrome"), Map.entry("Chromium/", "Chromium"),
			Map.entry("Safari/", "Safari"), Map.entry("curl/", "curl"));

	/** Marks of systems (Android says Linux too, iOS says Mac OS X). */
	private static final List<Map.Entry<String, String>> SYSTEMS = List.of(Map.entry("Android", "Android"),
			Map.entry("iPhone", "iOS"), Map.entry("iPad", "iOS"), Map.entry("Windows", "Windows"),
			Map.entry("Mac OS X", "macOS"), Map.entry("Linux", "Linux"));

	/** One login's session, as its account sees it. */
	public record Session(long id, String address, String browser, Instant createdAt, Instant lastSeenAt,
			boolean current) {
	}

	/** What the filter knows of a session's row between two of its requests. */
	private record Seen(long id, Instant lastSeenAt, Instant endedAt) {
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration timeout;

	AdminSessions(JdbcClient jdbc, Clock clock, @Value("${server.servlet.session.timeout:30m}") Duration timeout) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.timeout = timeout;
	}

	/**
	 * A login completed in this request's session: its row, and its key in the session.
	 */
	void start(HttpServletRequest request, String username) {
		String key = Accounts.randomToken();
		Instant now = clock.instant();
		String agent = request.getHeader("User-Agent");
		jdbc.sql("""
				INSERT INTO admin_session (key_hash, username_key, address, user_agent, created_at, last_seen_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(Accounts.sha256(key), username.toLowerCase(Locale.ROOT), request.getRemoteAddr(),
					agent == null ? null : agent.substring(0, Math.min(agent.length(), 200)), timestamp(now),
					timestamp(now))
			.update();
		request.getSession().setAttribute(KEY, key);
	}

	/**
	 * Whether the session may go on: a session without a key (logged in by other means,
	 * before this table) may; one whose row was ended, or is gone, may not. Notes its
	 * use.
	 */
	boolean live(HttpSession session) {
		if (!(session.getAttribute(KEY) instanceof String key)) {
			return true;
		}
		Optional<Seen> seen = jdbc.sql("SELECT id, last_seen_at, ended_at FROM admin_session WHERE key_hash = ?")
			.param(Accounts.sha256(key))
			.query((rs, row) -> new Seen(rs.getLong("id"), instant(rs, "last_seen_at"), instant(rs, "ended_at")))
			.optional();
		if (seen.isEmpty() || seen.get().endedAt() != null) {
			return false;
		}
		Instant now = clock.instant();
		if (seen.get().lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
			jdbc.sql("UPDATE admin_session SET last_seen_at = ? WHERE id = ?")
				.params(timestamp(now), seen.get().id())
				.update();
		}
		return true;
	}

	/** The account's sessions that are not ended or timed out, the newest first. */
	List<Session> list(String username, HttpSession current) {
		String currentHash = current != null && current.getAttribute(KEY) instanceof String key ? Accounts.sha256(key)
				: "";
		return jdbc.sql("""
				SELECT * FROM admin_session
				WHERE username_key = ? AND ended_at IS NULL AND last_seen_at > ?
				ORDER BY created_at DESC, id DESC""")
			.params(username.toLowerCase(Locale.ROOT), timestamp(clock.instant().minus(timeout)))
			.query((rs, row) -> new Session(rs.getLong("id"), rs.getString("address"),
					browser(rs.getString("user_agent")), instant(rs, "created_at"), instant(rs, "last_seen_at"),
					rs.getString("key_hash").equals(currentHash)))
			.list();
	}

	/**
	 * Ends one of the account's sessions: it is logged out at its next request.
	 * @return whether the account had such a session still open
	 */
	boolean end(String username, long id) {
		return jdbc.sql("UPDATE admin_session SET ended_at = ? WHERE id = ? AND username_key = ? AND ended_at IS NULL")
			.params(timestamp(clock.instant()), id, username.toLowerCase(Locale.ROOT))
			.update() == 1;
	}

	/** Ends every session of the account but this one; returns how many. */
	int endOthers(String username, HttpSession current) {
		String keep = current != null && current.getAttribute(KEY) instanceof String key ? Accounts.sha256(key) : "";
		return jdbc.sql("""
				UPDATE admin_session SET ended_at = ?
				WHERE username_key = ? AND ended_at IS NULL AND key_hash <> ?""")
			.params(timestamp(clock.instant()), username.toLowerCase(Locale.ROOT), keep)
			.update();
	}

	/** The session's own end (logging out, or logged out for a reason). */
	void ended(HttpSession session) {
		if (session != null && session.getAttribute(KEY) instanceof String key) {
			jdbc.sql("UPDATE admin_session SET ended_at = COALESCE(ended_at, ?) WHERE key_hash = ?")
				.params(timestamp(clock.instant()), Accounts.sha256(key))
				.update();
		}
	}

	@Scheduled(fixedDelayString = "${glowletter.admin.audit-purge-interval:1d}", initialDelayString = "2m")
	int purge() {
		OffsetDateTime before = timestamp(clock.instant().minus(KEEP));
		return jdbc.sql("DELETE FROM admin_session WHERE ended_at < ? OR last_seen_at < ?")
			.params(before, before)
			.update();
	}

	/** A user agent as a person names it: the browser and the system, roughly. */
	static String browser(String agent) {
		if (agent == null || agent.isBlank()) {
			return "unknown browser";
		}
		String name = firstIn(agent, BROWSERS);
		if (name == null) {
			return agent.length() > 60 ? agent.substring(0, 60) + "…" : agent;
		}
		String system = firstIn(agent, SYSTEMS);
		return system == null ? name : name + " on " + system;
	}

	private static String firstIn(String agent, List<Map.Entry<String, String>> names) {
		for (Map.Entry<String, String> name : names) {
			if (agent.contains(name.getKey())) {
				return name.getValue();
			}
		}
		return null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
