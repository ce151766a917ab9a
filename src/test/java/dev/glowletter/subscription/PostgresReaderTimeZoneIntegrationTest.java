package dev.glowletter.subscription;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (their sign-ups add consents
 * others count).
 */
@OnPostgres(schemaOfItsOwn = "reader_time_zone")
class PostgresReaderTimeZoneIntegrationTest extends ReaderTimeZoneIntegrationTest {

}
