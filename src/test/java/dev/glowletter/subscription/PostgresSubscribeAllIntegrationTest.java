package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/**
 * The same group on PostgreSQL: its row locks taken in one query, its batches, its union
 * of the IP addresses' counts. In a schema of its own: the readers these tests make must
 * not turn up in other tests' counts.
 */
@OnPostgres(schemaOfItsOwn = "signups")
class PostgresSubscribeAllIntegrationTest extends SubscribeAllIntegrationTest {

}
