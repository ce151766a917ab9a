package dev.glowletter.feedback.internal;

import dev.glowletter.OnPostgres;

/**
 * The same calls on PostgreSQL: each event and Mailgun token processed once by its INSERT
 * ... ON CONFLICT, not H2's; in a schema of its own, as its readers must not meet the
 * tests that count every reader of the shared one.
 */
@OnPostgres(schemaOfItsOwn = "webhooks")
class PostgresWebhookIntegrationTest extends WebhookIntegrationTest {

}
