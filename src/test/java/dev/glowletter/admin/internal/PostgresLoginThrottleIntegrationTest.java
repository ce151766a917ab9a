package dev.glowletter.admin.internal;

import dev.glowletter.OnPostgres;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The same tests on PostgreSQL: its row locks under parallel compare-and-set, not H2's.
 * The context is closed afterwards: no other class shares it, and its pool's connections
 * are better given back.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@OnPostgres
class PostgresLoginThrottleIntegrationTest extends LoginThrottleIntegrationTest {

}
