package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (the round trip imports the
 * whole export).
 */
@OnPostgres(schemaOfItsOwn = "importtopics")
class PostgresImportTopicsIntegrationTest extends ImportTopicsIntegrationTest {

}
