package dev.glowletter.delivery.internal;

import dev.glowletter.OnPostgres;

/**
 * The same tests on PostgreSQL: its FOR UPDATE SKIP LOCKED, leases and counters, not
 * H2's.
 */
@OnPostgres
class PostgresCampaignDeliveryIntegrationTest extends CampaignDeliveryIntegrationTest {

}
