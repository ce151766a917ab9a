package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/** The same tests on PostgreSQL. */
@OnPostgres
class PostgresReaderTimeZoneIntegrationTest extends ReaderTimeZoneIntegrationTest {

}
