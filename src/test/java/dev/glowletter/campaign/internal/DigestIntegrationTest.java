package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.glowletter.campaign.DigestService;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DigestIntegrationTest extends CampaignTestSupport {

	@Autowired
	DigestService digests;

	private long digest(String cron, String zone) throws Exception {
		String json = "{\"name\": \"Weekly\", \"cron\": \"" + cron + "\", \"timeZone\": \"" + zone
				+ "\", \"subjectPattern\": \"Beauty digest, {date}\"}";
		return json(mvc.perform(adminJson(post("/api/digests"), json))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();
	}

	private List<Long> editionArticles() {
		return jdbc.sql("SELECT article_id FROM campaign_article ORDER BY campaign_id, position")
			.query(Long.class)
			.list();
	}

	private int editions() {
		return jdbc.sql("SELECT COUNT(*) FROM campaign WHERE digest_id IS NOT NULL").query(Integer.class).single();
	}

	@Test
	void runPicksExactlyTheArticlesPublishedSinceTheLastEdition() throws Exception {
		long old = article("Older article", OffsetDateTime.now().minusDays(3));
		clock.set(Instant.now().minus(Duration.ofDays(2)));
		long id = digest("0 9 * * *", "Europe/Paris");
		clock.set(Instant.now());
		long fresh1 = article("Microneedling for hair regrowth", OffsetDateTime.now().minusDays(1));
		long fresh2 = article("Aftercare after microneedling", OffsetDateTime.now().minusHours(1));

		mvc.perform(admin(post("/api/digests/" + id + "/run"))).andExpect(jsonPath("$.outcome").value("CREATED"));
		assertThat(editionArticles()).containsExactlyInAnyOrder(fresh1, fresh2).doesNotContain(old);
		String subject = jdbc.sql("SELECT subject FROM campaign").query(String.class).single();
		assertThat(subject).startsWith("Beauty digest, ");
		assertThat(jdbc.sql("SELECT status FROM campaign").query(String.class).single()).isEqualTo("SCHEDULED");

		clock.advance(Duration.ofMinutes(1));
		// published between the two editions (articles keep whole seconds)
		long fresh3 = article("Choosing a practitioner", clock.instant().atOffset(ZoneOffset.UTC));
		clock.advance(Duration.ofMinutes(1));
		mvc.perform(admin(post("/api/digests/" + id + "/run"))).andExpect(jsonPath("$.outcome").value("CREATED"));
		assertThat(editionArticles()).containsExactlyInAnyOrder(fresh1, fresh2, fresh3);
	}

	@Test
	void newDigestCanStartFromAnEarlierDateSoItsFirstEditionHasTheRecentArticles() throws Exception {
		long older = article("Microneedling for hair regrowth", OffsetDateTime.now().minusDays(20));
		article("Ancient history", OffsetDateTime.now().minusDays(400));
		String json = "{\"name\": \"Weekly\", \"cron\": \"0 9 * * MON\", \"timeZone\": \"UTC\", \"subjectPattern\": "
				+ "\"Digest\", \"since\": \"" + clock.instant().minus(Duration.ofDays(30)) + "\"}";
		long id = json(mvc.perform(adminJson(post("/api/digests"), json))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();
		mvc.perform(admin(post("/api/digests/" + id + "/run"))).andExpect(jsonPath("$.outcome").value("CREATED"));
		assertThat(editionArticles()).containsExactly(older);
	}

	@Test
	void runWithNothingNewIsSkippedAndRecordedWithTheReason() throws Exception {
		article("Older article", OffsetDateTime.now().minusDays(3));
		long id = digest("0 9 * * *", "Europe/Paris");
		mvc.perform(admin(post("/api/digests/" + id + "/run")))
			.andExpect(jsonPath("$.outcome").value("SKIPPED"))
			.andExpect(jsonPath("$.reason").value(Matchers.startsWith("No new articles since")));
		assertThat(editions()).isZero();
		mvc.perform(admin(get("/api/digests/" + id))).andExpect(jsonPath("$.lastRun.outcome").value("SKIPPED"));
	}

	@Test
	void digestFiresOncePerSlotAcrossADaylightSavingChange() throws Exception {
		// daily at 02:30 Paris: on 25 October 2026 02:30 happens twice (clocks go back at
		// 03:00)
		clock.set(Instant.parse("2026-10-23T12:00:00Z"));
		long id = digest("30 2 * * *", "Europe/Paris");
		int runs = 0;
		for (Instant t = Instant.parse("2026-10-23T12:00:00Z"); t
			.isBefore(Instant.parse("2026-10-27T12:00:00Z")); t = t.plus(Duration.ofMinutes(30))) {
			clock.set(t);
			runs += digests.runDue();
		}
		assertThat(runs).isEqualTo(4); // 24, 25, 26 and 27 October
		List<Instant> slots = jdbc.sql("SELECT slot FROM digest_run WHERE digest_id = ? ORDER BY slot")
			.param(id)
			.query(OffsetDateTime.class)
			.list()
			.stream()
			.map(OffsetDateTime::toInstant)
			.toList();
		assertThat(slots).containsExactly(Instant.parse("2026-10-24T00:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
				Instant.parse("2026-10-26T01:30:00Z"), Instant.parse("2026-10-27T01:30:00Z"));
	}

	@Test
	void missedRunsWhileDownMakeOneCatchUpEditionNotABurst() throws Exception {
		clock.set(Instant.now().minus(Duration.ofDays(10)));
		long id = digest("0 9 * * *", "UTC");
		clock.set(Instant.now());
		article("Microneedling for hair regrowth", OffsetDateTime.now().minusHours(2));
		assertThat(digests.runDue()).isEqualTo(1);
		assertThat(digests.runDue()).isZero();
		assertThat(editions()).isEqualTo(1);
		mvc.perform(admin(get("/api/digests/" + id))).andExpect(jsonPath("$.nextRuns.length()").value(3));
	}

	@Test
	void slotIsRunByOneOfTwoRacingPollers() throws Exception {
		clock.set(Instant.now().minus(Duration.ofDays(1)));
		digest("0 * * * *", "UTC");
		clock.set(Instant.now());
		article("Microneedling for hair regrowth", OffsetDateTime.now().minusHours(2));
		CyclicBarrier start = new CyclicBarrier(2);
		Callable<Integer> poller = () -> {
			start.await();
			return digests.runDue();
		};
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			var results = threads.invokeAll(List.of(poller, poller));
			assertThat(results.get(0).get() + results.get(1).get()).isEqualTo(1);
		}
		finally {
			threads.shutdown();
		}
		assertThat(editions()).isEqualTo(1);
	}

	@Test
	void invalidCronIsRefusedNamingTheFieldAndTheFormat() throws Exception {
		mvc.perform(adminJson(post("/api/digests"),
				"{\"name\": \"Weekly\", \"cron\": \"every monday\", \"timeZone\": \"Europe/Paris\", "
						+ "\"subjectPattern\": \"x\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.cron")
				.value(Matchers.containsString("minute hour day-of-month month day-of-week")));
	}

	@Test
	void invalidZoneIsRefusedNamingTheField() throws Exception {
		mvc.perform(adminJson(post("/api/digests"),
				"{\"name\": \"Weekly\", \"cron\": \"0 9 * * MON\", \"timeZone\": \"Paris\", \"subjectPattern\": "
						+ "\"x\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.timeZone").exists());
	}

	@Test
	void disabledDigestDoesNotRun() throws Exception {
		clock.set(Instant.now().minus(Duration.ofDays(1)));
		long id = digest("0 * * * *", "UTC");
		mvc.perform(admin(post("/api/digests/" + id + "/disable"))).andExpect(jsonPath("$.enabled").value(false));
		clock.set(Instant.now());
		article("Microneedling for hair regrowth", OffsetDateTime.now(ZoneOffset.UTC).minusHours(2));
		assertThat(digests.runDue()).isZero();
	}

}
