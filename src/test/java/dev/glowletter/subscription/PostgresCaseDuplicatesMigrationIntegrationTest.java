package dev.glowletter.subscription;

import java.util.UUID;
import javax.sql.DataSource;

import dev.glowletter.OnPostgres;
import dev.glowletter.PostgresAvailable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The same upgrade on PostgreSQL, each test in a schema of its own: its generated column,
 * its SQL.
 */
@OnPostgres
class PostgresCaseDuplicatesMigrationIntegrationTest extends CaseDuplicatesMigrationIntegrationTest {

	private final String schema = "glowletter_migration_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	@Override
	protected DataSource database() {
		return new DriverManagerDataSource(PostgresAvailable.URL + "?currentSchema=" + schema, PostgresAvailable.USER,
				"");
	}

	@Override
	protected FluentConfiguration flyway() {
		return Flyway.configure()
			.dataSource(dataSource)
			.schemas(schema)
			.createSchemas(true)
			.locations("classpath:db/migration", "classpath:db/vendor/postgresql");
	}

	@Override
	protected void dropDatabase() {
		PostgresAvailable.dropSchema(schema);
	}

}
