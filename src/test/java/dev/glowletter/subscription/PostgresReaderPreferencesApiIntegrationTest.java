package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (their readers and consents).
 */
@OnPostgres(schemaOfItsOwn = "reader_preferences")
class PostgresReaderPreferencesApiIntegrationTest extends ReaderPreferencesApiIntegrationTest {

}
