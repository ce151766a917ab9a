package dev.glowletter.admin.internal;

import dev.glowletter.OnPostgres;

/** The same tests on PostgreSQL, in a schema of their own. */
@OnPostgres(schemaOfItsOwn = "sso")
class PostgresSsoIntegrationTest extends SsoIntegrationTest {

}
