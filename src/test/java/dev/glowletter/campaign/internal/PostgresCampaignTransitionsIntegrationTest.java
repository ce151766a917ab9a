package dev.glowletter.campaign.internal;

import dev.glowletter.OnPostgres;

/** The same tests on PostgreSQL: the compare-and-sets as it runs them. */
@OnPostgres
class PostgresCampaignTransitionsIntegrationTest extends CampaignTransitionsIntegrationTest {

}
