package dev.glowletter.admin.internal;

import dev.glowletter.PostgresAvailable;
import dev.glowletter.PostgresIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The same tests on PostgreSQL: its row locks under parallel compare-and-set, not H2's. The context
 * is closed afterwards: no other class shares it, and its pool's connections are better given back.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@TestPropertySource(properties = { "glowletter.base-url=https://news.example.org", "glowletter.sender.from=news@example.org",
		"glowletter.sender.postal-address=1 Test Street, Testville" })
class PostgresLoginThrottleIntegrationTest extends LoginThrottleIntegrationTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresIntegrationTest.usePostgres(registry);
	}
}
