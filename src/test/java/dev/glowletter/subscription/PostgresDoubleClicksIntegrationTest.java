package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/**
 * The same bursts on PostgreSQL: its row locks and its unique index, not H2's. In a
 * schema of its own: the readers these tests make must not turn up in other tests'
 * counts.
 */
@OnPostgres(schemaOfItsOwn = "signups")
class PostgresDoubleClicksIntegrationTest extends DoubleClicksIntegrationTest {

}
