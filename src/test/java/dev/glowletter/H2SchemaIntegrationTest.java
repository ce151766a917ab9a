package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the H2 migrations (db/vendor/h2) do to the shared schema for the default install's
 * speed: each set of columns indexed once, and the ids of the tables that grow with
 * readers and mail taken from memory a thousand at a time.
 */
class H2SchemaIntegrationTest extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void noTwoIndexesOfATableCoverTheSameColumnsInTheSameOrder() {
		List<String> twice = jdbc.sql("""
				SELECT table_name || ' (' || columns || '): ' || COUNT(*) || ' indexes'
				FROM (SELECT table_name, index_name,
				             LISTAGG(column_name, ',') WITHIN GROUP (ORDER BY ordinal_position) AS columns
				      FROM information_schema.index_columns WHERE table_schema = 'public'
				      GROUP BY table_name, index_name) AS indexed
				GROUP BY table_name, columns HAVING COUNT(*) > 1 ORDER BY 1""").query(String.class).list();
		assertThat(twice).as("H2 indexes each foreign key itself: an index of the same columns is a second copy")
			.isEmpty();
	}

	@Test
	void theTablesThatGrowWithReadersAndMailTakeTheirIdsAThousandAtATime() {
		List<String> growing = List.of("subscriber", "consent", "subscriber_event", "outbox_message", "delivery",
				"click", "copy_open", "bounce", "webhook_delivery", "audit_event");
		List<String> cached = jdbc.sql("""
				SELECT table_name FROM information_schema.columns
				WHERE table_schema = 'public' AND is_identity = 'YES' AND identity_cache >= 1000""")
			.query(String.class)
			.list();
		assertThat(cached).containsAll(growing);
	}

}
