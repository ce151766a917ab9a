package dev.glowletter.audience;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL: the typed value columns, the key's uniqueness, the
 * cascade of a deleted field, in a schema of their own (a campaign here goes to every
 * confirmed reader of it, and the sign-ups add consents other classes count).
 */
@OnPostgres(schemaOfItsOwn = "fields")
class PostgresFieldsIntegrationTest extends FieldsIntegrationTest {

}
