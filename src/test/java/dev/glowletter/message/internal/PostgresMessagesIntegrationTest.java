package dev.glowletter.message.internal;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL: the idempotency key's primary key deciding between
 * parallel calls, the outbox's generated ids, in a schema of their own.
 */
@OnPostgres(schemaOfItsOwn = "messages")
class PostgresMessagesIntegrationTest extends MessagesIntegrationTest {

}
