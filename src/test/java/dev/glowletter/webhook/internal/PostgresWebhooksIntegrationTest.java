package dev.glowletter.webhook.internal;

import dev.glowletter.OnPostgres;

/** The same tests on PostgreSQL, in the webhooks' schema. */
@OnPostgres(schemaOfItsOwn = "webhooks")
class PostgresWebhooksIntegrationTest extends WebhooksIntegrationTest {

}
