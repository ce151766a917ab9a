package dev.glowletter.campaign.internal;

import dev.glowletter.PostgresAvailable;
import dev.glowletter.PostgresIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The same tests on PostgreSQL: its row locks and compare-and-set, not H2's. */
@ExtendWith(PostgresAvailable.class)
@ActiveProfiles("postgres")
@TestPropertySource(properties = { "glowletter.base-url=https://news.example.org", "glowletter.sender.from=news@example.org",
		"glowletter.sender.postal-address=1 Test Street, Testville" })
class PostgresCampaignSchedulingIntegrationTest extends CampaignSchedulingIntegrationTest {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresIntegrationTest.usePostgres(registry);
	}
}
