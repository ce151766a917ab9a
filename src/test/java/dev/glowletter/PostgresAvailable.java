package dev.glowletter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where the PostgreSQL of CI is reachable (127.0.0.1:5432,
 * database {@code test}, user {@code postgres}, trust auth); elsewhere skips it saying
 * what is missing. With {@code GLOWLETTER_TEST_POSTGRES=required} (as .ci/run sets it) a
 * missing database fails instead, so CI cannot pass by skipping.
 */
public class PostgresAvailable implements ExecutionCondition {

	public static final String URL = System.getenv()
		.getOrDefault("GLOWLETTER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	public static final String USER = System.getenv().getOrDefault("GLOWLETTER_TEST_POSTGRES_USER", "postgres");

	/**
	 * A schema of its own for each test run, so that runs never see each other's rows.
	 */
	public static final String SCHEMA = "glowletter_test_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static final boolean REACHABLE = reachable();

	private static boolean reachable() {
		try (Connection connection = DriverManager.getConnection(URL, USER, "")) {
			boolean valid = connection.isValid(2);
			Runtime.getRuntime().addShutdownHook(new Thread(PostgresAvailable::dropSchema));
			return valid;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * A name for a schema of a test class's own, e.g.
	 * {@code glowletter_signups_0a1b2c3d4e5f}, dropped when the run ends.
	 */
	public static String schemaOfItsOwn(String purpose) {
		String schema = "glowletter_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(schema)));
		return schema;
	}

	private static void dropSchema() {
		dropSchema(SCHEMA);
	}

	/**
	 * Drops a test schema and all in it; a leftover schema only costs disk, so failing to
	 * is no error.
	 */
	public static void dropSchema(String schema) {
		try (Connection connection = DriverManager.getConnection(URL, USER, "")) {
			connection.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
		catch (SQLException ex) {
			// nothing to fail for at shutdown
		}
	}

	/**
	 * The command-line arguments of a whole production instance (the {@code postgres}
	 * profile) on the test schema, sending through the test SMTP server, with pollers
	 * quick enough for tests.
	 */
	public static List<String> instanceArguments(String schema) {
		return List.of("--spring.profiles.active=postgres",
				"--spring.datasource.url=" + URL + "?currentSchema=" + schema, "--spring.datasource.username=" + USER,
				"--spring.datasource.password=", "--spring.flyway.schemas=" + schema,
				"--spring.flyway.create-schemas=true", "--spring.mail.host=127.0.0.1",
				"--spring.mail.port=" + TestSmtp.port(), "--glowletter.base-url=https://news.example.org",
				"--glowletter.sender.from=news@example.org",
				"--glowletter.sender.postal-address=1 Test Street, Testville",
				"--glowletter.admin.password=instance-test", "--glowletter.campaign.poll-interval=200ms",
				"--glowletter.campaign.poll-initial-delay=0s", "--glowletter.delivery.poll-interval=200ms");
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (REACHABLE) {
			return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + URL);
		}
		if ("required".equals(System.getenv("GLOWLETTER_TEST_POSTGRES"))) {
			throw new IllegalStateException(
					"GLOWLETTER_TEST_POSTGRES=required but no PostgreSQL is reachable at " + URL + " as " + USER);
		}
		return ConditionEvaluationResult.disabled("Skipped: no PostgreSQL reachable at " + URL + " as user " + USER
				+ " (start one, or set GLOWLETTER_TEST_POSTGRES_URL / _USER)");
	}

}
