package dev.glowletter;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of tests that run the application on the real PostgreSQL (the {@code postgres}
 * profile), in a schema of their own; skipped where none is reachable.
 */
@ExtendWith(PostgresAvailable.class)
public abstract class PostgresIntegrationTest extends IntegrationTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> PostgresAvailable.URL + "?currentSchema=" + PostgresAvailable.SCHEMA);
		registry.add("spring.datasource.username", () -> PostgresAvailable.USER);
		registry.add("spring.datasource.password", () -> "");
		registry.add("spring.flyway.schemas", () -> PostgresAvailable.SCHEMA);
		registry.add("spring.flyway.create-schemas", () -> "true");
	}
}
