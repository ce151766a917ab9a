package dev.glowletter.subscription.internal;

import dev.glowletter.OnPostgres;

/**
 * The sign-up limits on PostgreSQL, where several instances share them, and sign-ups each
 * in a transaction of their own. In a schema of its own: the readers these tests make
 * must not turn up in other tests' counts.
 */
@OnPostgres(schemaOfItsOwn = "signup_limits")
class PostgresSignupLimitsIntegrationTest extends SignupLimitsIntegrationTest {

}
