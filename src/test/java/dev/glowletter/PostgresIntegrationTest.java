package dev.glowletter;

/**
 * The base of tests that run the application on the real PostgreSQL (the {@code postgres}
 * profile), in the run's test schema; skipped where none is reachable. A test class that
 * extends another base says {@link OnPostgres} instead.
 */
@OnPostgres
public abstract class PostgresIntegrationTest extends IntegrationTest {

}
