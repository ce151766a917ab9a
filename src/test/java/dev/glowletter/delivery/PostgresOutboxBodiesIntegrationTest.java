package dev.glowletter.delivery;

import dev.glowletter.PostgresAvailable;
import dev.glowletter.PostgresIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The same tests on PostgreSQL: its migration of the outbox, its purge. No other class shares this
 * context, so it is closed afterwards rather than holding its database connections to the end.
 */
@DirtiesContext
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@TestPropertySource(properties = { "glowletter.base-url=https://news.example.org", "glowletter.sender.from=news@example.org",
		"glowletter.sender.postal-address=1 Test Street, Testville" })
class PostgresOutboxBodiesIntegrationTest extends OutboxBodiesIntegrationTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresIntegrationTest.usePostgres(registry);
	}
}
