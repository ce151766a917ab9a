package dev.glowletter.subscription;

import dev.glowletter.PostgresAvailable;
import dev.glowletter.PostgresIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The same on PostgreSQL: its unique index on the address key, its LOWER(), not H2's. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@TestPropertySource(properties = { "glowletter.base-url=https://news.example.org", "glowletter.sender.from=news@example.org",
		"glowletter.sender.postal-address=1 Test Street, Testville" })
class PostgresAddressCaseIntegrationTest extends AddressCaseIntegrationTest {

	/** Its own schema: the readers these tests make must not turn up in other tests' counts. */
	private static final String SCHEMA = PostgresAvailable.schemaOfItsOwn("addresses");

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresIntegrationTest.usePostgres(registry, SCHEMA);
	}
}
