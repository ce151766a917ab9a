package dev.glowletter.audience;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL: the typed value columns, the key's uniqueness, the
 * cascade of a deleted field.
 */
@OnPostgres
class PostgresFieldsIntegrationTest extends FieldsIntegrationTest {

}
