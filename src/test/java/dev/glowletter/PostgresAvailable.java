package dev.glowletter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where the PostgreSQL of CI is reachable (127.0.0.1:5432, database
 * {@code test}, user {@code postgres}, trust auth); elsewhere skips it saying what is missing.
 * With {@code GLOWLETTER_TEST_POSTGRES=required} (as .ci/run sets it) a missing database fails
 * instead, so CI cannot pass by skipping.
 */
public class PostgresAvailable implements ExecutionCondition {

	public static final String URL = System.getenv().getOrDefault("GLOWLETTER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	public static final String USER = System.getenv().getOrDefault("GLOWLETTER_TEST_POSTGRES_USER", "postgres");

	/** A schema of its own for each test run, so that runs never see each other's rows. */
	public static final String SCHEMA = "glowletter_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

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

	private static void dropSchema() {
		try (Connection connection = DriverManager.getConnection(URL, USER, "")) {
			connection.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
		}
		catch (SQLException ex) {
			// a leftover schema only costs disk: nothing to fail for at shutdown
		}
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (REACHABLE) {
			return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + URL);
		}
		if ("required".equals(System.getenv("GLOWLETTER_TEST_POSTGRES"))) {
			throw new IllegalStateException("GLOWLETTER_TEST_POSTGRES=required but no PostgreSQL is reachable at " + URL + " as " + USER);
		}
		return ConditionEvaluationResult.disabled("Skipped: no PostgreSQL reachable at " + URL + " as user " + USER
				+ " (start one, or set GLOWLETTER_TEST_POSTGRES_URL / _USER)");
	}
}
