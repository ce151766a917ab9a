package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (a campaign here goes to every
 * confirmed reader of it, and the pause is a condition of the queue fill).
 */
@OnPostgres(schemaOfItsOwn = "preferences")
class PostgresPreferencesIntegrationTest extends PreferencesIntegrationTest {

}
