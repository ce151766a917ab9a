package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.glowletter.Readers;
import dev.glowletter.TestSmtp;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.delivery.CampaignDeliveries;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/** The SMTP relay goes away in the middle of a campaign, and comes back. */
@TestPropertySource(properties = { "glowletter.delivery.pause-after-connection-failures=2",
		"glowletter.delivery.relay-probe-interval=1h" })
@DirtiesContext
class RelayOutageIntegrationTest extends CampaignTestSupport {

	@Autowired
	JavaMailSenderImpl relay;

	@Autowired
	CampaignDeliveries deliveries;

	@AfterEach
	void relayBack() {
		relay.setPort(TestSmtp.port());
	}

	private static int closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void campaignPausesItselfWhileTheRelayIsDownLosesNothingAndResumesWhenItIsBack() throws Exception {
		for (int i = 0; i < 3; i++) {
			Readers.confirmed(jdbc, "outage" + i + "@example.org", null);
		}
		long id = campaign("Outage", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
		relay.setPort(closedPort());
		scheduler.tick();

		Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> campaignStatus(id) == CampaignStatus.PAUSED);
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.statusReason").value(Matchers.containsString("could not be reached")))
			.andExpect(jsonPath("$.progress.failed").value(0))
			.andExpect(jsonPath("$.progress.queued").value(3));
		assertThat(
				jdbc.sql("SELECT COUNT(*) FROM delivery WHERE campaign_id = ? AND status = 'QUEUED' AND attempts = 0")
					.param(id)
					.query(Integer.class)
					.single())
			.as("nobody blamed for the relay's outage")
			.isEqualTo(3);
		assertThat(mailsTo("outage0@example.org")).isEmpty();

		relay.setPort(TestSmtp.port());
		assertThat(deliveries.probeRelay()).containsExactly(id);
		assertThat(campaignStatus(id)).isEqualTo(CampaignStatus.SENDING);
		for (int i = 0; i < 3; i++) {
			awaitMails("outage" + i + "@example.org", 1);
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			scheduler.tick();
			return campaignStatus(id) == CampaignStatus.SENT;
		});
		for (int i = 0; i < 3; i++) {
			assertThat(mailsTo("outage" + i + "@example.org")).hasSize(1);
		}
	}

	@Test
	void campaignPausedByTheRelayIsPausedByRelayInDeliveryAndAnAdminResumingItByHandLeavesTheRelayWatchNothingToResume()
			throws Exception {
		Readers.confirmed(jdbc, "outage-by-hand@example.org", null);
		long id = campaign("Outage by hand", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
		relay.setPort(closedPort());
		scheduler.tick();
		Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> campaignStatus(id) == CampaignStatus.PAUSED);
		assertThat(deliveryState(id)).isEqualTo("PAUSED by RELAY");

		relay.setPort(TestSmtp.port());
		mvc.perform(admin(post("/api/campaigns/" + id + "/resume"))).andExpect(jsonPath("$.status").value("SENDING"));
		assertThat(deliveryState(id)).isEqualTo("ACTIVE");
		assertThat(deliveries.probeRelay()).isEmpty();
		awaitMails("outage-by-hand@example.org", 1);
	}

	@Test
	void sendingCampaignThatSendsNothingForTenMinutesIsReportedStalledInTheApiTheGaugeAndOnTheDashboard()
			throws Exception {
		long id = campaign("Stuck", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		// a campaign the engine holds as active with copies left, none of which it can
		// find to send
		jdbc.sql("UPDATE campaign SET status = 'SENDING', started_at = created_at WHERE id = ?").param(id).update();
		jdbc.sql("INSERT INTO delivery_campaign (campaign_id, state, queued_at, recipients) VALUES (?, 'ACTIVE', ?, 5)")
			.params(id, clock.instant().atOffset(ZoneOffset.UTC))
			.update();
		mvc.perform(admin(get("/api/campaigns/" + id))).andExpect(jsonPath("$.progress.stalled").value(false));

		clock.advance(Duration.ofMinutes(11));
		scheduler.watch();
		mvc.perform(admin(get("/api/campaigns/" + id))).andExpect(jsonPath("$.progress.stalled").value(true));
		assertThat(meters.get("glowletter.campaigns.stalled").gauge().value()).isEqualTo(1.0);
		mvc.perform(get("/admin").with(SecurityMockMvcRequestPostProcessors.user("admin").roles("OWNER")))
			.andExpect(status().isOk())
			.andExpect(MockMvcResultMatchers.content().string(Matchers.containsString("Stalled: nothing went out")));
	}

	@Autowired
	MeterRegistry meters;

}
