package dev.glowletter.campaign.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import dev.glowletter.Readers;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.DigestService;
import dev.glowletter.delivery.internal.WorkerWakeUps;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

/**
 * "At 09:00 in each reader's time zone": the queue is filled at the first zone's 09:00,
 * each copy waits for its reader's 09:00 (the zone the reader has when the queue is
 * filled; the campaign's zone for readers who gave none), and the campaign shows its zone
 * waves.
 */
// a context of its own: every campaign sent here goes to every confirmed reader of it
@TestPropertySource(properties = "glowletter.test.context=localtime")
class LocalTimeIntegrationTest extends CampaignTestSupport {

	/** The day Europe moves to summer time (01:00 UTC); New York did two weeks before. */
	private static final String DST_DAY = "2027-03-28";

	@Autowired
	WorkerWakeUps wakeUps;

	@Autowired
	CampaignTransitions transitions;

	@Autowired
	DigestService digests;

	@BeforeEach
	void emptyQueues() {
		for (String table : new String[] { "delivery", "delivery_release", "delivery_fill", "delivery_campaign" }) {
			jdbc.sql("DELETE FROM " + table).update();
		}
	}

	@Test
	void eachReaderGetsTheCampaignAtNineInTheirOwnZoneAcrossADaylightSavingChange() throws Exception {
		reader("paris@example.org", "Europe/Paris");
		reader("newyork@example.org", "America/New_York");
		reader("nozone@example.org", null);
		clock.set(Instant.parse("2027-03-27T12:00:00Z"));
		long id = campaign("Morning", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		scheduleAtNine(id, "Asia/Tokyo", "AT_ONCE").andExpect(status().isOk())
			.andExpect(jsonPath("$.scheduledAt").value("2027-03-27T19:00:00Z"))
			.andExpect(jsonPath("$.localSchedule.time").value("09:00:00"));
		assertThat(scheduler.startDue()).isZero();

		at("2027-03-27T19:00:01Z");
		assertThat(scheduler.startDue()).isEqualTo(1);
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.localSchedule.zones[0].zone").value("Asia/Tokyo"))
			.andExpect(jsonPath("$.localSchedule.zones[0].releaseAt").value("2027-03-28T00:00:00Z"))
			// 09:00 summer time in Paris, though it was winter time when scheduled
			.andExpect(jsonPath("$.localSchedule.zones[1].zone").value("Europe/Paris"))
			.andExpect(jsonPath("$.localSchedule.zones[1].releaseAt").value("2027-03-28T07:00:00Z"))
			.andExpect(jsonPath("$.localSchedule.zones[2].releaseAt").value("2027-03-28T13:00:00Z"))
			.andExpect(jsonPath("$.localSchedule.lastZoneAt").value("2027-03-28T13:00:00Z"))
			.andExpect(jsonPath("$.localSchedule.zones[2].queued").value(1));
		assertNoMailWhileWorkersLook();

		at("2027-03-28T00:00:01Z");
		awaitMails("nozone@example.org", 1);
		at("2027-03-28T06:59:59Z");
		assertNoMailWhileWorkersLook();
		assertThat(mailsTo("paris@example.org")).isEmpty();
		// waiting for the next zone is not a stall
		mvc.perform(admin(get("/api/campaigns/" + id))).andExpect(jsonPath("$.progress.stalled").value(false));

		at("2027-03-28T07:00:01Z");
		awaitMails("paris@example.org", 1);
		assertThat(mailsTo("newyork@example.org")).isEmpty();
		at("2027-03-28T13:00:01Z");
		awaitMails("newyork@example.org", 1);
		awaitSent(id);
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.localSchedule.zones[1].sent").value(1))
			.andExpect(jsonPath("$.progress.sent").value(3));
	}

	@Test
	void zoneWhoseTimeHasPassedWhenScheduledGoesTheNextDayIfTheAdminSaysSo() throws Exception {
		reader("tokyo@example.org", "Asia/Tokyo");
		reader("newyork@example.org", "America/New_York");
		clock.set(Instant.parse("2027-03-28T10:00:00Z"));
		long id = campaign("Next day", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		scheduleAtNine(id, "UTC", "NEXT_DAY").andExpect(status().isOk())
			.andExpect(jsonPath("$.scheduledAt").value("2027-03-28T10:00:00Z"));
		assertThat(scheduler.startDue()).isEqualTo(1);
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.localSchedule.zones[0].zone").value("America/New_York"))
			.andExpect(jsonPath("$.localSchedule.zones[0].releaseAt").value("2027-03-28T13:00:00Z"))
			.andExpect(jsonPath("$.localSchedule.zones[1].zone").value("Asia/Tokyo"))
			.andExpect(jsonPath("$.localSchedule.zones[1].releaseAt").value("2027-03-29T00:00:00Z"));
		assertNoMailWhileWorkersLook();
	}

	@Test
	void zoneWhoseTimeHasPassedWhenScheduledGoesAtOnceByDefault() throws Exception {
		reader("tokyo@example.org", "Asia/Tokyo");
		reader("newyork@example.org", "America/New_York");
		clock.set(Instant.parse("2027-03-28T10:00:00Z"));
		long id = campaign("At once", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		scheduleAtNine(id, "UTC", null).andExpect(status().isOk());
		assertThat(scheduler.startDue()).isEqualTo(1);
		wakeUps.wakeUp();
		awaitMails("tokyo@example.org", 1);
		assertThat(mailsTo("newyork@example.org")).isEmpty();
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.localSchedule.ifPassed").value("AT_ONCE"))
			.andExpect(jsonPath("$.localSchedule.zones[0].zone").value("Asia/Tokyo"))
			.andExpect(jsonPath("$.localSchedule.zones[0].releaseAt").value("2027-03-28T10:00:00Z"));
	}

	@Test
	void readerWhoChangesZoneBeforeTheQueueIsFilledGetsItAtTheNewZonesTime() throws Exception {
		long reader = reader("mover@example.org", "Europe/Paris");
		clock.set(Instant.parse("2027-03-27T12:00:00Z"));
		long id = campaign("Mover", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		scheduleAtNine(id, "UTC", "AT_ONCE").andExpect(status().isOk());
		jdbc.sql("UPDATE subscriber SET time_zone = 'America/New_York' WHERE id = ?").param(reader).update();
		at("2027-03-27T19:00:01Z");
		assertThat(scheduler.startDue()).isEqualTo(1);
		// once queued, a change waits for the next campaign
		jdbc.sql("UPDATE subscriber SET time_zone = 'Asia/Tokyo' WHERE id = ?").param(reader).update();
		at("2027-03-28T07:00:01Z");
		assertNoMailWhileWorkersLook();
		at("2027-03-28T13:00:01Z");
		awaitMails("mover@example.org", 1);
	}

	@Test
	void pausedCampaignHoldsAReleasedZoneUntilResumed() throws Exception {
		reader("paris@example.org", "Europe/Paris");
		clock.set(Instant.parse("2027-03-27T12:00:00Z"));
		long id = campaign("Paused", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		scheduleAtNine(id, "UTC", "AT_ONCE").andExpect(status().isOk());
		at("2027-03-27T19:00:01Z");
		scheduler.startDue();
		mvc.perform(admin(post("/api/campaigns/" + id + "/pause"))).andExpect(status().isOk());
		at("2027-03-28T07:00:01Z");
		assertNoMailWhileWorkersLook();
		mvc.perform(admin(post("/api/campaigns/" + id + "/resume"))).andExpect(status().isOk());
		awaitMails("paris@example.org", 1);
	}

	@Test
	void cancellingDuringTheZoneWavesStopsTheZonesStillWaiting() throws Exception {
		reader("tokyo@example.org", "Asia/Tokyo");
		reader("newyork@example.org", "America/New_York");
		clock.set(Instant.parse("2027-03-27T12:00:00Z"));
		long id = campaign("Cancelled", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		scheduleAtNine(id, "UTC", "AT_ONCE").andExpect(status().isOk());
		at("2027-03-27T19:00:01Z");
		scheduler.startDue();
		at("2027-03-28T00:00:01Z");
		awaitMails("tokyo@example.org", 1);

		mvc.perform(admin(post("/api/campaigns/" + id + "/cancel"))).andExpect(status().isOk());
		at("2027-03-28T13:00:01Z");

		assertNoMailWhileWorkersLook();
		assertThat(mailsTo("newyork@example.org")).isEmpty();
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.status").value("CANCELLED"))
			.andExpect(jsonPath("$.localSchedule.zones[0].sent").value(1))
			.andExpect(jsonPath("$.localSchedule.zones[1].sent").value(0));
	}

	@Test
	void aDigestAtEachReadersTimeRunsWhenItsTimeComesFirstAndEachZoneGetsItAtItsOwn() throws Exception {
		reader("tokyo@example.org", "Asia/Tokyo");
		reader("newyork@example.org", "America/New_York");
		clock.set(Instant.parse("2027-03-20T12:00:00Z"));
		article("Microneedling for hair regrowth", OffsetDateTime.now().minusDays(1));
		long digest = JSON.readTree(mvc
			.perform(adminJson(post("/api/digests"),
					JSON.writeValueAsString(Map.of("name", "Monday at nine", "cron", "0 9 * * MON", "timeZone",
							"Europe/Paris", "subjectPattern", "Beauty, {date}", "since", "2020-01-01T00:00:00Z",
							"readersLocalTime", true))))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.readersLocalTime").value(true))
			// Monday 09:00 as Paris reads the cron
			.andExpect(jsonPath("$.nextRuns[0]").value("2027-03-22T08:00:00Z"))
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();

		// Monday 09:00 comes first at UTC+14: Sunday 19:00 UTC
		at("2027-03-21T18:59:00Z");
		assertThat(digests.runDue()).isZero();
		at("2027-03-21T19:00:01Z");
		assertThat(digests.runDue()).isEqualTo(1);
		long edition = jdbc.sql("SELECT campaign_id FROM digest_run WHERE digest_id = ?")
			.param(digest)
			.query(Long.class)
			.single();
		assertThat(jdbc.sql("SELECT slot FROM digest_run WHERE digest_id = ?")
			.param(digest)
			.query(OffsetDateTime.class)
			.single()
			.toInstant()).as("the run is for Monday's slot").isEqualTo(Instant.parse("2027-03-22T08:00:00Z"));
		assertThat(scheduler.startDue()).isEqualTo(1);
		mvc.perform(admin(get("/api/campaigns/" + edition)))
			.andExpect(jsonPath("$.subject").value("Beauty, 22 March 2027"))
			.andExpect(jsonPath("$.localSchedule.date").value("2027-03-22"))
			.andExpect(jsonPath("$.localSchedule.zones[0].zone").value("Asia/Tokyo"))
			.andExpect(jsonPath("$.localSchedule.zones[0].releaseAt").value("2027-03-22T00:00:00Z"))
			// New York is on summer time since 14 March
			.andExpect(jsonPath("$.localSchedule.zones[1].releaseAt").value("2027-03-22T13:00:00Z"));

		at("2027-03-22T00:00:01Z");
		awaitMails("tokyo@example.org", 1);
		assertThat(mailsTo("newyork@example.org")).isEmpty();
		at("2027-03-22T13:00:01Z");
		awaitMails("newyork@example.org", 1);
		mvc.perform(admin(get("/api/digests/" + digest)))
			.andExpect(jsonPath("$.nextRuns[0]").value("2027-03-29T07:00:00Z"));
		assertThat(jdbc.sql("SELECT next_run_at FROM digest WHERE id = ?")
			.param(digest)
			.query(OffsetDateTime.class)
			.single()
			.toInstant()).as("next Monday 09:00 at UTC+14").isEqualTo(Instant.parse("2027-03-28T19:00:00Z"));
	}

	@Test
	void aCopyLeasedByAnInstanceThatDiedDuringItsZonesWaveGoesAfterTheLeaseAndTheNextZoneStillWaits() throws Exception {
		reader("tokyo@example.org", "Asia/Tokyo");
		reader("newyork@example.org", "America/New_York");
		clock.set(Instant.parse("2027-03-27T12:00:00Z"));
		long id = campaign("Crash", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		scheduleAtNine(id, "UTC", "AT_ONCE").andExpect(status().isOk());
		at("2027-03-27T19:00:01Z");
		scheduler.startDue();
		// Tokyo's wave: an instance claimed its copy, then died before sending it
		jdbc.sql("UPDATE delivery SET lease_until = ? WHERE campaign_id = ? AND subscriber_id = "
				+ "(SELECT id FROM subscriber WHERE email = 'tokyo@example.org')")
			.params(OffsetDateTime.parse("2027-03-28T00:02:00Z"), id)
			.update();

		clock.set(Instant.parse("2027-03-28T00:00:01Z"));
		assertNoMailWhileWorkersLook();
		clock.set(Instant.parse("2027-03-28T00:02:01Z"));
		awaitMails("tokyo@example.org", 1);
		assertNoMailWhileWorkersLook();
		assertThat(mailsTo("tokyo@example.org")).as("once").hasSize(1);
		assertThat(mailsTo("newyork@example.org")).as("New York's 09:00 is still to come").isEmpty();
		at("2027-03-28T13:00:01Z");
		awaitMails("newyork@example.org", 1);
	}

	@Test
	void queueFilledLateAfterACrashKeepsEachZonesTime() throws Exception {
		reader("paris@example.org", "Europe/Paris");
		reader("newyork@example.org", "America/New_York");
		clock.set(Instant.parse("2027-03-27T12:00:00Z"));
		long id = campaign("Crash", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		scheduleAtNine(id, "UTC", "NEXT_DAY").andExpect(status().isOk());
		// the instance that won START died before it queued anyone
		assertThat(transitions.startIfDue(id, Instant.parse("2027-03-27T19:00:01Z"))).isTrue();
		at("2027-03-28T07:30:00Z");
		scheduler.completeFinished();
		// Paris's 09:00 passed while no queue existed: it goes now, not the next day
		awaitMails("paris@example.org", 1);
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.localSchedule.zones[0].releaseAt").value("2027-03-28T07:00:00Z"))
			.andExpect(jsonPath("$.localSchedule.zones[1].releaseAt").value("2027-03-28T13:00:00Z"));
		assertThat(mailsTo("newyork@example.org")).isEmpty();
		at("2027-03-28T13:00:01Z");
		awaitMails("newyork@example.org", 1);
		awaitSent(id);
		assertThat(mailsTo("paris@example.org")).hasSize(1);
	}

	@Test
	void theCampaignPageSchedulesAtEachReadersTimeAndShowsTheZoneWaves() throws Exception {
		reader("paris@example.org", "Europe/Paris");
		reader("newyork@example.org", "America/New_York");
		clock.set(Instant.parse("2027-03-27T12:00:00Z"));
		long id = campaign("Waves", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(post("/admin/campaigns/" + id + "/schedule").with(user("admin").roles("OWNER"))
			.with(csrf())
			.param("sendAt", DST_DAY + "T09:00")
			.param("timeZone", "UTC")
			.param("at", "reader")
			.param("ifPassed", "NEXT_DAY")
			.param("windowFrom", "08:00")
			.param("windowUntil", "20:00")).andExpect(status().is3xxRedirection());
		mvc.perform(get("/admin/campaigns/" + id).with(user("admin").roles("OWNER")))
			.andExpect(content().string(containsString(
					"At 09:00 on " + DST_DAY + " in each reader's time zone, within 08:00–20:00 of their day")))
			.andExpect(content().string(containsString("queued at 2027-03-27 19:00 UTC")))
			.andExpect(content().string(containsString("goes the next day")));

		at("2027-03-27T19:00:01Z");
		scheduler.startDue();
		mvc.perform(get("/admin/campaigns/" + id).with(user("admin").roles("OWNER")))
			.andExpect(content().string(containsString("<td>Europe/Paris</td><td>2027-03-28 07:00 UTC</td>")))
			.andExpect(content().string(containsString("<td>America/New York</td><td>2027-03-28 13:00 UTC</td>")))
			.andExpect(content().string(containsString("The last time zone goes at <strong>2027-03-28 13:00 UTC")));
	}

	@Test
	void aCopyDueOutsideTheSendingWindowWaitsForItsOpeningInTheReadersZone() throws Exception {
		reader("paris@example.org", "Europe/Paris");
		reader("tokyo@example.org", "Asia/Tokyo");
		reader("newyork@example.org", "America/New_York");
		// 23:00 in Paris, 07:00 the next morning in Tokyo, 18:00 in New York
		clock.set(Instant.parse("2027-03-27T22:00:00Z"));
		long id = campaign("Window", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"now\": true, \"windowFrom\": \"08:00\", \"windowUntil\": \"20:00\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.localSchedule.sendingWindow").value("08:00–20:00"));
		assertThat(scheduler.startDue()).isEqualTo(1);
		wakeUps.wakeUp();
		awaitMails("newyork@example.org", 1);
		mvc.perform(admin(get("/api/campaigns/" + id)))
			.andExpect(jsonPath("$.localSchedule.zones[1].zone").value("Asia/Tokyo"))
			.andExpect(jsonPath("$.localSchedule.zones[1].releaseAt").value("2027-03-27T23:00:00Z"))
			// 08:00 summer time: Paris moved its clocks overnight
			.andExpect(jsonPath("$.localSchedule.zones[2].zone").value("Europe/Paris"))
			.andExpect(jsonPath("$.localSchedule.zones[2].releaseAt").value("2027-03-28T06:00:00Z"));
		assertThat(mailsTo("paris@example.org")).isEmpty();
		assertThat(mailsTo("tokyo@example.org")).isEmpty();
		at("2027-03-27T23:00:01Z");
		awaitMails("tokyo@example.org", 1);
		assertThat(mailsTo("paris@example.org")).isEmpty();
	}

	@Test
	void aSendingWindowThatClosesWhenItOpensIsRefusedNamingTheField() throws Exception {
		long id = campaign("Shut", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"now\": true, \"windowFrom\": \"08:00\", \"windowUntil\": \"08:00\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.windowUntil").exists());
	}

	@Test
	void localTimeThatIsNotATimeIsRefusedNamingTheField() throws Exception {
		long id = campaign("Bad", article("Skin care basics", OffsetDateTime.now().minusDays(1)));
		mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"date\": \"" + DST_DAY + "\", \"localTime\": \"nine\", \"timeZone\": \"Mars/Olympus\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.localTime").exists())
			.andExpect(jsonPath("$.errors.timeZone").exists());
	}

	private ResultActions scheduleAtNine(long id, String listZone, String ifPassed) throws Exception {
		return mvc.perform(adminJson(post("/api/campaigns/" + id + "/schedule"),
				"{\"date\": \"" + DST_DAY + "\", \"localTime\": \"09:00\", \"timeZone\": \"" + listZone + "\""
						+ (ifPassed == null ? "" : ", \"ifPassed\": \"" + ifPassed + "\"") + "}"));
	}

	private long reader(String email, String zone) {
		long id = Readers.confirmed(jdbc, email, null);
		jdbc.sql("UPDATE subscriber SET time_zone = ? WHERE id = ?").params(zone, id).update();
		return id;
	}

	/**
	 * Moves the clock and wakes the workers, as their next poll would; first lets the
	 * copies being sent be recorded (a jump of hours would let their leases run out).
	 */
	private void at(String instant) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.sql("SELECT COUNT(*) FROM delivery WHERE status = 'QUEUED' AND lease_until IS NOT NULL")
				.query(Integer.class)
				.single() == 0);
		clock.set(Instant.parse(instant));
		wakeUps.wakeUp();
	}

	/** The workers look now and send nothing more. */
	private void assertNoMailWhileWorkersLook() {
		int before = inbox().getReceivedMessages().length;
		wakeUps.wakeUp();
		Awaitility.await()
			.during(Duration.ofMillis(400))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(inbox().getReceivedMessages()).hasSize(before));
	}

	private void awaitSent(long id) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			scheduler.tick();
			return campaignStatus(id) == CampaignStatus.SENT;
		});
	}

}
