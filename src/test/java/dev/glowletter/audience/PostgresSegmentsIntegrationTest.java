package dev.glowletter.audience;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (a campaign here goes to every
 * confirmed reader of it that matches): the compiled conditions, the refusals, the send.
 */
@OnPostgres(schemaOfItsOwn = "segments")
class PostgresSegmentsIntegrationTest extends SegmentsIntegrationTest {

}
