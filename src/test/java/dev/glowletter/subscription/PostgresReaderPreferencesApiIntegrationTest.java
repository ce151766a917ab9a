package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/** The same tests on PostgreSQL. */
@OnPostgres
class PostgresReaderPreferencesApiIntegrationTest extends ReaderPreferencesApiIntegrationTest {

}
