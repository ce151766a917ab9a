package dev.glowletter.campaign.internal;

import dev.glowletter.OnPostgres;

/** The same tests on PostgreSQL: its row locks and compare-and-set, not H2's. */
@OnPostgres
class PostgresCampaignSchedulingIntegrationTest extends CampaignSchedulingIntegrationTest {

}
