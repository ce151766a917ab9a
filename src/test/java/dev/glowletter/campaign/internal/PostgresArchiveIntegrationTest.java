package dev.glowletter.campaign.internal;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL, in a schema of their own (a campaign here goes to every
 * confirmed reader of it): its {@code ON CONFLICT}, its text and time columns.
 */
@OnPostgres(schemaOfItsOwn = "archive")
class PostgresArchiveIntegrationTest extends ArchiveIntegrationTest {

}
