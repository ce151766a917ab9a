package dev.glowletter.audience;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL: the queue fill's topic condition, the topics'
 * constraints, in a schema of their own (each campaign here goes to every confirmed
 * reader of it).
 */
@OnPostgres(schemaOfItsOwn = "topics")
class PostgresTopicsIntegrationTest extends TopicsIntegrationTest {

}
