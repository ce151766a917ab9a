package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/**
 * The same on PostgreSQL: its unique index on the address key, its LOWER(), not H2's. In
 * a schema of its own: the readers these tests make must not turn up in other tests'
 * counts.
 */
@OnPostgres(schemaOfItsOwn = "addresses")
class PostgresAddressCaseIntegrationTest extends AddressCaseIntegrationTest {

}
