package dev.glowletter.feedback.internal;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL: its INSERT ... ON CONFLICT for reports processed once,
 * its counting of distinct sends, not H2's; in a schema of its own, as its sign-ups must
 * not meet the tests that count every consent of the shared one.
 */
@OnPostgres(schemaOfItsOwn = "feedback")
class PostgresFeedbackIntegrationTest extends FeedbackIntegrationTest {

}
