package dev.glowletter.delivery;

import dev.glowletter.OnPostgres;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The same tests on PostgreSQL: its migration of the outbox, its purge. No other class
 * shares this context, so it is closed afterwards rather than holding its database
 * connections to the end.
 */
@DirtiesContext
@OnPostgres
class PostgresOutboxBodiesIntegrationTest extends OutboxBodiesIntegrationTest {

}
