package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.glowletter.Readers;
import dev.glowletter.campaign.CampaignStatus;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

class CampaignSchedulingIntegrationTest extends CampaignTestSupport {

	@Test
	void dueCampaignIsStartedExactlyOnceWhenTwoPollersRace() throws Exception {
		Readers.confirmed(jdbc, "race@example.org", null);
		long id = campaign("Race", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());

		CyclicBarrier start = new CyclicBarrier(2);
		Callable<Integer> poller = () -> {
			start.await();
			return scheduler.startDue();
		};
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<Integer>> wins = threads.invokeAll(List.of(poller, poller));
			assertThat(wins.get(0).get() + wins.get(1).get()).isEqualTo(1);
		}
		finally {
			threads.shutdown();
		}
		assertThat(campaignStatus(id)).isEqualTo(CampaignStatus.SENDING);
		awaitMails("race@example.org", 1);
		// a second copy, if one had been queued, would arrive within this time
		Awaitility.await()
			.during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(mailsTo("race@example.org")).hasSize(1));
	}

	@Test
	void everyConfirmedReaderGetsOneCopyAndTheCampaignEndsSentWithCountersMatching() throws Exception {
		for (int i = 0; i < 7; i++) {
			Readers.confirmed(jdbc, "reader" + i + "@example.org", "Reader " + i);
		}
		jdbc.sql("UPDATE subscriber SET status = 'UNSUBSCRIBED' WHERE email = 'reader6@example.org'").update();
		long id = campaign("Hello ${subscriber.firstName!}",
				article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
		scheduler.tick();
		for (int i = 0; i < 6; i++) {
			assertThat(awaitMails("reader" + i + "@example.org", 1).get(0).getSubject()).isEqualTo("Hello Reader " + i);
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			scheduler.tick();
			return campaignStatus(id) == CampaignStatus.SENT;
		});
		assertThat(mailsTo("reader6@example.org")).isEmpty();
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.progress.recipients").value(6))
			.andExpect(jsonPath("$.progress.sent").value(6))
			.andExpect(jsonPath("$.progress.failed").value(0))
			.andExpect(jsonPath("$.progress.queued").value(0));
	}

	@Test
	void campaignScheduledForLaterIsNotStartedBeforeItsTime() throws Exception {
		Readers.confirmed(jdbc, "later@example.org", null);
		long id = campaign("Later", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		String at = clock.instant()
			.plus(Duration.ofHours(2))
			.atZone(ZoneOffset.UTC)
			.toLocalDateTime()
			.withNano(0)
			.toString();
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"sendAt\": \"" + at + "\", \"timeZone\": \"UTC\"}"))
			.andExpect(status().isOk());
		assertThat(scheduler.startDue()).isZero();
		clock.advance(Duration.ofHours(2).plusSeconds(1));
		assertThat(scheduler.startDue()).isEqualTo(1);
		assertThat(campaignStatus(id)).isEqualTo(CampaignStatus.SENDING);
	}

	@Test
	void campaignDueWhileDownPastTheGracePeriodIsPausedAndFlaggedInsteadOfSentLate() throws Exception {
		Readers.confirmed(jdbc, "late@example.org", null);
		long id = campaign("Late", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"), "{\"now\": true}"))
			.andExpect(status().isOk());
		clock.advance(Duration.ofHours(7)); // the default grace period is 6 hours
		assertThat(scheduler.startDue()).isZero();
		assertThat(campaignStatus(id)).isEqualTo(CampaignStatus.PAUSED);
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.statusReason").value(Matchers.containsString("while the service was down")));
		assertThat(mailsTo("late@example.org")).isEmpty();

		mvc.perform(admin(post("/api/campaigns/" + id + "/resume"))).andExpect(jsonPath("$.status").value("SENDING"));
		scheduler.tick();
		awaitMails("late@example.org", 1);
	}

}
