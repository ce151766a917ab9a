package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (the campaign sent here goes to
 * every confirmed reader of it).
 */
@OnPostgres(schemaOfItsOwn = "address-change")
class PostgresAddressChangeIntegrationTest extends AddressChangeIntegrationTest {

}
