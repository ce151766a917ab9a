package dev.glowletter.campaign.internal;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (a campaign here goes to every
 * confirmed reader of it).
 */
@OnPostgres(schemaOfItsOwn = "localtime")
class PostgresLocalTimeIntegrationTest extends LocalTimeIntegrationTest {

}
