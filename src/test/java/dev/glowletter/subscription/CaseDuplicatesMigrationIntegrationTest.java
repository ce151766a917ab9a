package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The upgrade that makes readers whose addresses differ only in case one reader: a
 * database at V5 with such readers, their consents, history, mails and campaign copies,
 * migrated to the latest.
 */
class CaseDuplicatesMigrationIntegrationTest {

	private static final OffsetDateTime T0 = OffsetDateTime.of(2025, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);

	protected DataSource dataSource;

	protected JdbcClient jdbc;

	/**
	 * A fresh, empty database for one test. On H2 one connection throughout, as the
	 * application's pool keeps one: H2 2.4.240 cannot check a CHECK (... IN ...) made on
	 * a connection that has closed since (h2database/h2database#4302).
	 */
	protected DataSource database() {
		return new SingleConnectionDataSource("jdbc:h2:mem:" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;" + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "",
				true);
	}

	/** Flyway on that database, with the migrations the application runs there. */
	protected FluentConfiguration flyway() {
		return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/vendor/h2");
	}

	protected void dropDatabase() {
		jdbc.sql("SHUTDOWN").update();
		((SingleConnectionDataSource) dataSource).destroy();
	}

	@BeforeEach
	void atVersion5() {
		dataSource = database();
		jdbc = JdbcClient.create(dataSource);
		flyway().target("5").load().migrate();
	}

	@AfterEach
	void drop() {
		dropDatabase();
	}

	private long reader(String email, String status, OffsetDateTime createdAt, OffsetDateTime statusChangedAt,
			OffsetDateTime confirmedAt, OffsetDateTime unsubscribedAt, String reason, String tokenHash) {
		jdbc.sql("""
				INSERT INTO subscriber (email, first_name, status, created_at, status_changed_at,
				confirmed_at, unsubscribed_at,
				                        unsubscribe_reason, confirmation_token_hash,
				                        confirmation_expires_at, token_version, version)
				VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0)""")
			.params(email, status, createdAt, statusChangedAt, confirmedAt, unsubscribedAt, reason, tokenHash,
					tokenHash == null ? null : statusChangedAt.plusHours(48))
			.update();
		return jdbc.sql("SELECT id FROM subscriber WHERE email = ?").param(email).query(Long.class).single();
	}

	private void consent(long subscriberId, OffsetDateTime at) {
		jdbc.sql("INSERT INTO consent (subscriber_id, given_at, source, consent_text, consent_text_version) VALUES "
				+ "(?, ?, 'FORM', 'Yes', '1')")
			.params(subscriberId, at)
			.update();
	}

	private void event(long subscriberId, String type, OffsetDateTime at) {
		jdbc.sql("INSERT INTO subscriber_event (subscriber_id, type, occurred_at) VALUES (?, ?, ?)")
			.params(subscriberId, type, at)
			.update();
	}

	private void campaign(long campaignId, int recipients, int sent, int skipped) {
		jdbc.sql("INSERT INTO delivery_campaign (campaign_id, state, queued_at, recipients, sent, skipped) VALUES (?, "
				+ "'ACTIVE', ?, ?, ?, ?)")
			.params(campaignId, T0, recipients, sent, skipped)
			.update();
	}

	private void copy(long campaignId, long subscriberId, String status) {
		jdbc.sql("INSERT INTO delivery (campaign_id, subscriber_id, status, next_attempt_at) VALUES (?, ?, ?, ?)")
			.params(campaignId, subscriberId, status, T0)
			.update();
	}

	private void mail(String recipient, long subscriberId) {
		jdbc.sql("""
				INSERT INTO outbox_message (kind, priority, recipient, subscriber_id, message_id, mime,
				status, next_attempt_at, created_at)
				VALUES ('confirm', 0, ?, ?, ?, 'mime', 'SENT', ?, ?)""")
			.params(recipient, subscriberId, "<" + UUID.randomUUID() + "@example.org>", T0, T0)
			.update();
	}

	private Map<String, Object> row(long id) {
		return jdbc.sql("SELECT * FROM subscriber WHERE id = ?").param(id).query().singleRow();
	}

	/**
	 * H2 reads a TIMESTAMP WITH TIME ZONE as an OffsetDateTime, PostgreSQL's driver as a
	 * Timestamp.
	 */
	private static Instant instant(Object value) {
		return value instanceof Timestamp timestamp ? timestamp.toInstant()
				: value == null ? null : ((OffsetDateTime) value).toInstant();
	}

	@Test
	void caseDuplicatesBecomeTheEarliestRowWithTheStrongestOptOutAndAllTheirRecords() {
		long ann = reader("Ann@example.org", "CONFIRMED", T0, T0.plusDays(5), T0.plusDays(5), null, null, null);
		long annShouted = reader("ANN@example.org", "UNSUBSCRIBED", T0.plusDays(1), T0.plusDays(2),
				T0.plusDays(1).plusHours(1), T0.plusDays(2), "too many mails", null);
		long annMixed = reader("aNN@example.org", "PENDING", T0.plusDays(3), T0.plusDays(3), null, null, null,
				"hash-ann-mixed");
		long carl = reader("carl@example.org", "CONFIRMED", T0, T0, T0, null, null, null);
		consent(ann, T0);
		consent(annShouted, T0.plusDays(1));
		consent(annMixed, T0.plusDays(3));
		event(ann, "CONFIRMED", T0.plusDays(5));
		event(annShouted, "UNSUBSCRIBED", T0.plusDays(2));
		mail("ANN@example.org", annShouted);
		campaign(1, 3, 2, 0);
		campaign(2, 2, 0, 0);
		campaign(3, 2, 0, 1);
		copy(1, ann, "SENT");
		copy(1, annShouted, "SENT");
		copy(1, carl, "QUEUED");
		copy(2, ann, "QUEUED");
		copy(2, annMixed, "QUEUED");
		copy(3, annShouted, "SKIPPED");
		copy(3, carl, "QUEUED");

		flyway().load().migrate();

		assertThat(jdbc.sql("SELECT id FROM subscriber ORDER BY id").query(Long.class).list()).containsExactly(ann,
				carl);
		Map<String, Object> merged = row(ann);
		assertThat(merged.get("email")).isEqualTo("Ann@example.org");
		assertThat(merged.get("status")).isEqualTo("UNSUBSCRIBED");
		assertThat(instant(merged.get("created_at"))).isEqualTo(T0.toInstant());
		assertThat(instant(merged.get("confirmed_at"))).isEqualTo(T0.plusDays(1).plusHours(1).toInstant());
		assertThat(instant(merged.get("status_changed_at"))).isEqualTo(T0.plusDays(2).toInstant());
		assertThat(instant(merged.get("unsubscribed_at"))).isEqualTo(T0.plusDays(2).toInstant());
		assertThat(merged.get("unsubscribe_reason")).isEqualTo("too many mails");
		assertThat(merged.get("confirmation_token_hash")).isNull();
		assertThat(merged.get("email_key")).isEqualTo("ann@example.org");

		assertThat(jdbc.sql("SELECT subscriber_id FROM consent ORDER BY given_at").query(Long.class).list())
			.containsExactly(ann, ann, ann);
		assertThat(jdbc.sql("SELECT type FROM subscriber_event WHERE subscriber_id = ? ORDER BY occurred_at, id")
			.param(ann)
			.query(String.class)
			.list()).startsWith("UNSUBSCRIBED", "CONFIRMED");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber_event WHERE subscriber_id NOT IN (?, ?)")
			.params(ann, carl)
			.query(Integer.class)
			.single()).isZero();
		assertThat(
				jdbc.sql("SELECT subscriber_id || ' ' || recipient FROM outbox_message").query(String.class).single())
			.isEqualTo(ann + " Ann@example.org");

		assertThat(jdbc
			.sql("SELECT campaign_id || ' ' || status FROM delivery WHERE subscriber_id = ? ORDER BY campaign_id")
			.param(ann)
			.query(String.class)
			.list()).containsExactly("1 SENT", "2 QUEUED", "3 SKIPPED");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM delivery").query(Integer.class).single()).isEqualTo(5);
		assertThat(jdbc
			.sql("SELECT campaign_id || ': ' || recipients || ' ' || sent || ' ' || skipped FROM delivery_campaign "
					+ "ORDER BY campaign_id")
			.query(String.class)
			.list()).containsExactly("1: 2 1 0", "2: 1 0 0", "3: 2 0 1");
	}

	@Test
	void pendingCaseDuplicatesKeepTheLinkOfTheLatestRequest() {
		long bob = reader("bob@example.org", "PENDING", T0, T0, null, null, null, "hash-bob-first");
		long bobShouted = reader("BOB@example.org", "PENDING", T0.plusHours(2), T0.plusHours(2), null, null, null,
				"hash-bob-latest");

		flyway().load().migrate();

		assertThat(jdbc.sql("SELECT id FROM subscriber").query(Long.class).list()).containsExactly(bob)
			.doesNotContain(bobShouted);
		Map<String, Object> merged = row(bob);
		assertThat(merged.get("status")).isEqualTo("PENDING");
		assertThat(merged.get("email")).isEqualTo("bob@example.org");
		assertThat(merged.get("confirmation_token_hash")).isEqualTo("hash-bob-latest");
		assertThat(instant(merged.get("confirmation_expires_at"))).isEqualTo(T0.plusHours(50).toInstant());
		assertThat(instant(merged.get("created_at"))).isEqualTo(T0.toInstant());
	}

	@Test
	void bouncedOutranksConfirmedAndAnUnrelatedReaderIsLeftAlone() {
		long dora = reader("dora@example.org", "CONFIRMED", T0, T0, T0, null, null, null);
		reader("Dora@example.org", "BOUNCED", T0.plusDays(1), T0.plusDays(5), T0.plusDays(1), null, null, null);
		long eve = reader("eve@example.org", "PENDING", T0, T0, null, null, null, "hash-eve");

		flyway().load().migrate();

		assertThat(row(dora).get("status")).isEqualTo("BOUNCED");
		assertThat(instant(row(dora).get("status_changed_at"))).isEqualTo(T0.plusDays(5).toInstant());
		assertThat(instant(row(dora).get("confirmed_at"))).isEqualTo(T0.toInstant());
		assertThat(row(eve).get("confirmation_token_hash")).isEqualTo("hash-eve");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber").query(Integer.class).single()).isEqualTo(2);
	}

	@Test
	void afterTheMigrationTheDatabaseRefusesAnAddressAgainInOtherCase() {
		reader("fay@example.org", "CONFIRMED", T0, T0, T0, null, null, null);

		flyway().load().migrate();

		assertThatThrownBy(() -> reader("FAY@example.org", "PENDING", T0, T0, null, null, null, null))
			.isInstanceOf(DataIntegrityViolationException.class);
		assertThat(jdbc.sql("SELECT email_key FROM subscriber").query(String.class).list())
			.isEqualTo(List.of("fay@example.org"));
	}

}
