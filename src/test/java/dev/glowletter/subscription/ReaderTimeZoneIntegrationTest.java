package dev.glowletter.subscription;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The reader's time zone (issue 16): the sign-up form's hidden field (set by a script
 * file, the CSP allows no inline script), the JSON sign-up, the preference page and the
 * admin API give it; a zone the tz database does not know is ignored from the form (the
 * list's) and a 400 naming it from the API.
 */
class ReaderTimeZoneIntegrationTest extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void theSignUpPageCarriesAHiddenTimeZoneFieldSetByAScriptFile() throws Exception {
		mvc.perform(get("/"))
			.andExpect(content().string(containsString("<input type=\"hidden\" name=\"timeZone\"")))
			.andExpect(content().string(containsString("<script src=\"/js/time-zone.js\" defer></script>")));
		mvc.perform(get("/js/time-zone.js"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Intl.DateTimeFormat().resolvedOptions().timeZone")));
	}

	@Test
	void theEmbedSnippetCarriesTheTimeZoneSetByOneLineOfScript() throws Exception {
		mvc.perform(get("/embed"))
			.andExpect(content().string(containsString("name=&quot;timeZone&quot; type=&quot;hidden&quot;")))
			.andExpect(content().string(containsString("resolvedOptions().timeZone")));
	}

	@Test
	void theFormsTimeZoneIsKeptAndOneTheTzDatabaseDoesNotKnowIsTheListsZone() throws Exception {
		String paris = address("paris");
		String mars = address("mars");
		signUpWithForm(paris, "Europe/Paris");
		signUpWithForm(mars, "Mars/Olympus_Mons");

		assertThat(zoneOf(paris)).isEqualTo("Europe/Paris");
		assertThat(zoneOf(mars)).isNull();
	}

	@Test
	void theJsonSignUpKeepsTheTimeZoneAndRefusesAnUnknownOneNamingIt() throws Exception {
		String tokyo = address("tokyo");
		signUpWithJson(tokyo, "Asia/Tokyo").andExpect(status().isAccepted());
		assertThat(zoneOf(tokyo)).isEqualTo("Asia/Tokyo");

		String offset = address("offset");
		signUpWithJson(offset, "+02:00").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.timeZone").value(containsString("Europe/Paris")));
		assertThat(
				jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = ?").param(offset).query(Integer.class).single())
			.isZero();
	}

	@Test
	void aSignUpFormDoesNotChangeAConfirmedReadersTimeZone() throws Exception {
		String email = address("settled");
		long reader = Readers.confirmed(jdbc, email, null);
		jdbc.sql("UPDATE subscriber SET time_zone = 'Europe/Paris' WHERE id = ?").param(reader).update();

		signUpWithForm(email, "America/New_York");

		assertThat(zoneOf(email)).isEqualTo("Europe/Paris");
	}

	@Test
	void theReaderChoosesTheirTimeZoneOnThePreferencePage() throws Exception {
		String email = address("mover");
		String page = ReaderPathIntegrationTest.link(welcome(email, "Europe/Paris"), "/preferences/");
		mvc.perform(get(page)).andExpect(content().string(containsString("value=\"Europe/Paris\" selected")));

		mvc.perform(post(page).param("timeZone", "America/New_York"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"America/New_York\" selected")));
		assertThat(zoneOf(email)).isEqualTo("America/New_York");
		assertThat(jdbc.sql("""
				SELECT e.detail FROM subscriber_event e JOIN subscriber s ON s.id = e.subscriber_id
				WHERE s.email = ? AND e.type = 'PREFERENCES_CHANGED'""").param(email).query(String.class).list())
			.contains("time zone: America/New_York");

		mvc.perform(post(page).param("timeZone", "Mars/Olympus_Mons"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("aria-describedby=\"timeZone-error\"")));
		assertThat(zoneOf(email)).isEqualTo("America/New_York");

		// the first option: the list's
		mvc.perform(post(page).param("timeZone", "")).andExpect(status().isOk());
		assertThat(zoneOf(email)).isNull();
	}

	@Test
	void anAdminSetsTheReadersTimeZoneAndAnUnknownOneIsA400NamingIt() throws Exception {
		long reader = Readers.confirmed(jdbc, address("admin-set"), null);

		putPreferences(reader, "{\"timeZone\": \"Asia/Kolkata\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.timeZone").value("Asia/Kolkata"));
		mvc.perform(get("/api/subscribers/" + reader + "/preferences").with(admin()))
			.andExpect(jsonPath("$.timeZone").value("Asia/Kolkata"));

		putPreferences(reader, "{\"timeZone\": \"Asia/Atlantis\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.timeZone").exists());
		mvc.perform(get("/api/subscribers/" + reader + "/preferences").with(admin()))
			.andExpect(jsonPath("$.timeZone").value("Asia/Kolkata"));
	}

	@Test
	void theImportTakesTheColumnHeadedTimeZoneAndReportsARowWithAnUnknownOne() throws Exception {
		String ann = address("ann");
		String ben = address("ben");
		String cat = address("cat");
		String csv = "email,time zone\n" + ann + ",Europe/Paris\n" + ben + ",\n" + cat + ",Europe/Atlantis\n";

		mvc.perform(post("/api/subscribers/import").with(admin())
			.contentType("text/csv")
			.param("consentHeld", "true")
			.content(csv.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(2))
			.andExpect(jsonPath("$.invalidRows[0].line").value(4))
			.andExpect(jsonPath("$.invalidRows[0].reason").value(containsString("Europe/Atlantis")));

		assertThat(zoneOf(ann)).isEqualTo("Europe/Paris");
		assertThat(zoneOf(ben)).isNull();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = ?").param(cat).query(Integer.class).single())
			.isZero();
	}

	@Test
	void readersImportedWithoutConsentKeepTheirTimeZoneWhileTheyConfirm() throws Exception {
		String dee = address("dee");
		mvc.perform(post("/api/subscribers/import").with(admin())
			.contentType("text/csv")
			.param("timeZoneColumn", "1")
			.content(("email,zone\n" + dee + ",Asia/Tokyo\n").getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.confirmationsSent").value(1));

		assertThat(zoneOf(dee)).isEqualTo("Asia/Tokyo");
	}

	// --- helpers ---

	private static String address(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
	}

	private void signUpWithForm(String email, String zone) throws Exception {
		mvc.perform(
				post("/subscribe").with(csrf()).param("email", email).param("consent", "true").param("timeZone", zone))
			.andExpect(status().is3xxRedirection());
	}

	private ResultActions signUpWithJson(String email, String zone) throws Exception {
		return mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\": \"" + email + "\", \"consent\": true, \"timeZone\": \"" + zone + "\"}"));
	}

	/** Signs the address up with the zone and confirms it; returns the welcome mail. */
	private MimeMessage welcome(String email, String zone) throws Exception {
		signUpWithJson(email, zone).andExpect(status().isAccepted());
		mvc.perform(post(ReaderPathIntegrationTest.link(awaitMails(email, 1).get(0), "/confirm/")))
			.andExpect(status().isOk());
		return awaitMails(email, 2).get(1);
	}

	private ResultActions putPreferences(long reader, String json) throws Exception {
		return mvc.perform(put("/api/subscribers/" + reader + "/preferences").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private String zoneOf(String email) {
		return jdbc.sql("SELECT time_zone FROM subscriber WHERE email = ?")
			.param(email)
			.query((rs, row) -> rs.getString(1))
			.list()
			.get(0);
	}

}
