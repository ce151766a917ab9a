package dev.glowletter.engagement.internal;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (a campaign here goes to every
 * confirmed reader of it).
 */
@OnPostgres(schemaOfItsOwn = "clicks")
class PostgresClickTrackingIntegrationTest extends ClickTrackingIntegrationTest {

}
