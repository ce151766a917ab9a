package dev.glowletter;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of tests that run the application on the real PostgreSQL (the {@code postgres}
 * profile), in a schema of their own; skipped where none is reachable. A test class that extends
 * another base copies the three annotations and calls {@link #usePostgres}.
 */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@TestPropertySource(properties = { "glowletter.base-url=https://news.example.org", "glowletter.sender.from=news@example.org",
		"glowletter.sender.postal-address=1 Test Street, Testville" })
public abstract class PostgresIntegrationTest extends IntegrationTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		usePostgres(registry);
	}

	/** Points the application at the test schema: for test classes that reuse a base other than this one. */
	public static void usePostgres(DynamicPropertyRegistry registry) {
		usePostgres(registry, PostgresAvailable.SCHEMA);
	}

	/**
	 * Points the application at another schema, e.g. one of {@link PostgresAvailable#schemaOfItsOwn}: for
	 * test classes whose readers the tests that count all of theirs in the shared schema must not meet.
	 */
	public static void usePostgres(DynamicPropertyRegistry registry, String schema) {
		registry.add("spring.datasource.url", () -> PostgresAvailable.URL + "?currentSchema=" + schema);
		registry.add("spring.datasource.username", () -> PostgresAvailable.USER);
		registry.add("spring.datasource.password", () -> "");
		registry.add("spring.flyway.schemas", () -> schema);
		registry.add("spring.flyway.create-schemas", () -> "true");
	}
}
