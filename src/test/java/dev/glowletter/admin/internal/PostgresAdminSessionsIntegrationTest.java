package dev.glowletter.admin.internal;

import dev.glowletter.OnPostgres;

/** The same tests on PostgreSQL, in the accounts' schema. */
@OnPostgres(schemaOfItsOwn = "accounts")
class PostgresAdminSessionsIntegrationTest extends AdminSessionsIntegrationTest {

}
