package dev.glowletter.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.InvalidInput;
import dev.glowletter.PrivateAddresses;
import dev.glowletter.webhook.internal.Signatures;
import dev.glowletter.webhook.internal.WebhookLedger;
import dev.glowletter.webhook.internal.WebhookProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The endpoints the admin registers and what was delivered to them: the facade of the
 * webhooks' admin page and API.
 */
// named: the security chain of the providers' inbound webhooks is the bean "webhooks"
@Service("outboundWebhooks")
public class Webhooks {

	/** The events an endpoint can choose. */
	public static final List<String> EVENTS = List.of("subscriber.confirmed", "subscriber.unsubscribed",
			"subscriber.bounced", "subscriber.complained", "subscriber.updated", "campaign.started",
			"campaign.finished", "campaign.paused");

	/** The longest URL accepted. */
	public static final int MAX_URL = 2000;

	private static final int MAX_DESCRIPTION = 300;

	private final JdbcClient jdbc;

	private final WebhookLedger ledger;

	private final WebhookProperties properties;

	private final Clock clock;

	Webhooks(JdbcClient jdbc, WebhookLedger ledger, WebhookProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * An endpoint, without its secret (shown once, at creation).
	 *
	 * @param disabledReason why it was disabled by the sender, or null
	 * @param failingSince since when no call to it had a 2xx answer, or null
	 */
	public record Endpoint(long id, String url, String description, List<String> events, boolean enabled,
			String disabledReason, Instant failingSince, Instant createdAt) {
	}

	/** A new endpoint and its secret, which is never shown again. */
	public record Created(Endpoint endpoint, String secret) {
	}

	/**
	 * What the admin gives: the URL, a description (optional) and the events; a null
	 * leaves the endpoint's value as it is in an update.
	 */
	public record Input(String url, String description, List<String> events) {
	}

	/**
	 * A call to an endpoint and what became of it: PENDING (due at
	 * {@code nextAttemptAt}), DELIVERED (a 2xx) or FAILED (no 2xx for a day).
	 */
	public record Delivery(long id, long endpointId, String messageId, String eventType, String status, int attempts,
			Instant createdAt, Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt,
			Integer responseStatus, String responseExcerpt, String lastError, String payload) {
	}

	/** Input refused, each field named. */
	public static class Invalid extends InvalidInput {

		Invalid(Map<String, String> errors) {
			super(String.join(" ", errors.values()), errors);
		}

	}

	/** No such endpoint or delivery. */
	public static class NotFound extends RuntimeException {

		NotFound(String message) {
			super(message);
		}

	}

	@Transactional(readOnly = true)
	public List<Endpoint> list() {
		return jdbc.sql("SELECT * FROM webhook_endpoint ORDER BY id").query((rs, row) -> endpoint(rs)).list();
	}

	@Transactional(readOnly = true)
	public Endpoint get(long id) {
		return find(id).orElseThrow(() -> new NotFound("No webhook endpoint " + id + "."));
	}

	private Optional<Endpoint> find(long id) {
		return jdbc.sql("SELECT * FROM webhook_endpoint WHERE id = ?")
			.param(id)
			.query((rs, row) -> endpoint(rs))
			.optional();
	}

	/**
	 * Registers an endpoint, enabled, with a new secret.
	 * @throws Invalid when the URL is not http(s), has credentials, is longer than
	 * {@value #MAX_URL} characters, or is on a private address; or no event is chosen
	 */
	@Transactional
	public Created create(Input input) {
		Map<String, String> errors = new LinkedHashMap<>();
		String url = checkUrl(input.url(), errors);
		String description = checkDescription(input.description(), errors);
		List<String> events = checkEvents(input.events(), errors);
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		String secret = Signatures.newSecret();
		OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
		KeyHolder keys = new GeneratedKeyHolder();
		jdbc.sql("""
				INSERT INTO webhook_endpoint (url, description, secret, events, enabled, created_at, updated_at)
				VALUES (:url, :description, :secret, :events, TRUE, :now, :now)
				""")
			.param("url", url)
			.param("description", description)
			.param("secret", secret)
			.param("events", String.join(",", events))
			.param("now", now)
			.update(keys, "id");
		return new Created(get(keys.getKey().longValue()), secret);
	}

	/**
	 * Changes an endpoint's URL, description or events (what is null stays).
	 * @throws Invalid as {@link #create}
	 */
	@Transactional
	public Endpoint update(long id, Input input) {
		Endpoint endpoint = get(id);
		Map<String, String> errors = new LinkedHashMap<>();
		String url = input.url() == null ? endpoint.url() : checkUrl(input.url(), errors);
		String description = input.description() == null ? endpoint.description()
				: checkDescription(input.description(), errors);
		List<String> events = input.events() == null ? endpoint.events() : checkEvents(input.events(), errors);
		if (!errors.isEmpty()) {
			throw new Invalid(errors);
		}
		jdbc.sql("""
				UPDATE webhook_endpoint SET url = :url, description = :description, events = :events,
				updated_at = :now WHERE id = :id
				""")
			.param("url", url)
			.param("description", description)
			.param("events", String.join(",", events))
			.param("now", clock.instant().atOffset(ZoneOffset.UTC))
			.param("id", id)
			.update();
		return get(id);
	}

	/**
	 * Enables or disables an endpoint; enabling forgets why it was disabled and since
	 * when it failed, and its pending deliveries go out again.
	 */
	@Transactional
	public Endpoint enable(long id, boolean enabled) {
		get(id);
		jdbc.sql(enabled
				? "UPDATE webhook_endpoint SET enabled = TRUE, disabled_reason = NULL, failing_since = NULL, "
						+ "updated_at = :now WHERE id = :id"
				: "UPDATE webhook_endpoint SET enabled = FALSE, disabled_reason = 'Disabled by an admin.', "
						+ "updated_at = :now WHERE id = :id")
			.param("now", clock.instant().atOffset(ZoneOffset.UTC))
			.param("id", id)
			.update();
		return get(id);
	}

	/** Deletes an endpoint with its deliveries, pending ones too. */
	@Transactional
	public void delete(long id) {
		if (jdbc.sql("DELETE FROM webhook_endpoint WHERE id = ?").param(id).update() == 0) {
			throw new NotFound("No webhook endpoint " + id + ".");
		}
	}

	/** An endpoint's latest deliveries, newest first. */
	@Transactional(readOnly = true)
	public List<Delivery> deliveries(long endpointId, int limit) {
		get(endpointId);
		return jdbc.sql("SELECT * FROM webhook_delivery WHERE endpoint_id = ? ORDER BY id DESC FETCH FIRST ? ROWS ONLY")
			.params(endpointId, Math.max(1, Math.min(limit, 500)))
			.query((rs, row) -> delivery(rs))
			.list();
	}

	@Transactional(readOnly = true)
	public Delivery delivery(long id) {
		return jdbc.sql("SELECT * FROM webhook_delivery WHERE id = ?")
			.param(id)
			.query((rs, row) -> delivery(rs))
			.optional()
			.orElseThrow(() -> new NotFound("No webhook delivery " + id + "."));
	}

	/**
	 * Sends a delivery again: a new delivery, due now, of the same payload with the same
	 * {@code webhook-id} (the same event: a receiver that dedupes by it ignores a copy it
	 * has already processed), whatever became of the first.
	 */
	@Transactional
	public Delivery resend(long deliveryId) {
		Delivery original = delivery(deliveryId);
		return delivery(
				ledger.enqueue(original.endpointId(), original.messageId(), original.eventType(), original.payload()));
	}

	private String checkUrl(String raw, Map<String, String> errors) {
		String url = raw == null ? "" : raw.strip();
		if (url.isEmpty()) {
			errors.put("url", "The URL is required.");
			return null;
		}
		if (url.length() > MAX_URL) {
			errors.put("url", "The URL is longer than " + MAX_URL + " characters.");
			return null;
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			errors.put("url", "This is not a URL.");
			return null;
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			errors.put("url", "Only http:// and https:// URLs with a host can be called.");
			return null;
		}
		if (uri.getRawUserInfo() != null) {
			errors.put("url", "The URL must not carry a user name or password; the signature proves who calls.");
			return null;
		}
		if (uri.getRawFragment() != null) {
			errors.put("url", "The URL must not have a fragment (#...).");
			return null;
		}
		if (!properties.allowPrivateAddresses()) {
			try {
				if (PrivateAddresses.firstPrivate(uri.getHost()).isPresent()) {
					errors.put("url", "This host is on a local or private network, which webhooks do not call "
							+ "(set glowletter.webhooks.allow-private-addresses=true to allow it).");
					return null;
				}
			}
			catch (UnknownHostException ex) {
				errors.put("url", "This host is unknown.");
				return null;
			}
		}
		return url;
	}

	private static String checkDescription(String raw, Map<String, String> errors) {
		String description = raw == null || raw.isBlank() ? null : raw.strip();
		if (description != null && description.length() > MAX_DESCRIPTION) {
			errors.put("description", "The description is longer than " + MAX_DESCRIPTION + " characters.");
		}
		return description;
	}

	private static List<String> checkEvents(List<String> raw, Map<String, String> errors) {
		List<String> events = raw == null ? List.of() : raw.stream().map(String::strip).distinct().toList();
		if (events.isEmpty()) {
			errors.put("events", "Choose at least one event.");
		}
		else if (!EVENTS.containsAll(events)) {
			errors.put("events", "Unknown event; the events are " + String.join(", ", EVENTS) + ".");
		}
		return EVENTS.stream().filter(events::contains).toList();
	}

	private static Endpoint endpoint(ResultSet rs) throws SQLException {
		return new Endpoint(rs.getLong("id"), rs.getString("url"), rs.getString("description"),
				List.of(rs.getString("events").split(",")), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
				instant(rs, "failing_since"), instant(rs, "created_at"));
	}

	private static Delivery delivery(ResultSet rs) throws SQLException {
		int status = rs.getInt("response_status");
		Integer responseStatus = rs.wasNull() ? null : status;
		return new Delivery(rs.getLong("id"), rs.getLong("endpoint_id"), rs.getString("message_id"),
				rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"), instant(rs, "created_at"),
				instant(rs, "last_attempt_at"), instant(rs, "next_attempt_at"), instant(rs, "delivered_at"),
				responseStatus, rs.getString("response_excerpt"), rs.getString("last_error"), rs.getString("payload"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
