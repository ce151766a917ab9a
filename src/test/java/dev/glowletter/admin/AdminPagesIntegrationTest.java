package dev.glowletter.admin;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/** The admin pages' error paths: login, CSRF, field errors next to their fields, 404. */
class AdminPagesIntegrationTest extends IntegrationTest {

	@Autowired
	CampaignService campaigns;

	@Autowired
	JdbcClient jdbc;

	private static MockHttpServletRequestBuilder asAdmin(MockHttpServletRequestBuilder request) {
		return request.with(user("admin").roles("OWNER"));
	}

	@Test
	void unauthenticatedVisitorIsSentToTheLoginPage() throws Exception {
		mvc.perform(get("/admin/campaigns").accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/admin/login"));
		mvc.perform(get("/admin").accept(MediaType.TEXT_HTML))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/admin/login"));
	}

	@Test
	void formPostWithoutCsrfTokenIsRefused() throws Exception {
		mvc.perform(asAdmin(post("/admin/campaigns")).param("subject", "Hello")).andExpect(status().isForbidden());
	}

	@Test
	void campaignWithoutSubjectReRendersTheEditorWithTheFieldMarked() throws Exception {
		mvc.perform(asAdmin(post("/admin/campaigns")).with(csrf()).param("subject", " ").param("template", "digest"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("The campaign was not saved")))
			.andExpect(content()
				.string(matchesPattern("(?s).*<input id=\"subject\" name=\"subject\"[^>]*aria-invalid=\"true\".*")))
			.andExpect(content().string(
					containsString("<p class=\"field-error\" id=\"subject-error\">The subject cannot be empty.</p>")));
	}

	@Test
	void scheduleWithoutATimeShowsTheErrorNextToTheDateField() throws Exception {
		long id = campaigns.create(new CampaignContent("Hello", null, "Intro only.", "digest", List.of()), "admin")
			.id();
		mvc.perform(asAdmin(post("/admin/campaigns/" + id + "/schedule")).with(csrf())
			.param("sendAt", "")
			.param("timeZone", "Europe/Paris"))
			.andExpect(status().isOk())
			.andExpect(content().string(matchesPattern(
					"(?s).*<input id=\"sendAt\" name=\"sendAt\" type=\"datetime-local\"[^>]*aria-invalid=\"true\".*")));
	}

	@Test
	void unknownCampaignShowsTheNotFoundPage() throws Exception {
		mvc.perform(asAdmin(get("/admin/campaigns/987654")))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("There is no campaign 987654.")));
	}

	@Test
	void anIdThatIsNoNumberShowsTheBadRequestPageNotJson() throws Exception {
		mvc.perform(asAdmin(get("/admin/campaigns/not-a-number")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect(content().string(containsString("That request was not understood")))
			.andExpect(content().string(containsString("Back to the dashboard")));
	}

	@Test
	void digestWithABadCronIsRefusedNextToTheCronField() throws Exception {
		mvc.perform(asAdmin(post("/admin/digests")).with(csrf())
			.param("name", "Weekly")
			.param("cron", "every monday")
			.param("timeZone", "UTC")
			.param("template", "digest")
			.param("subjectPattern", "Digest {date}")
			.param("maxArticles", "5"))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(matchesPattern("(?s).*<input id=\"cron\" name=\"cron\"[^>]*aria-invalid=\"true\".*")));
	}

	@Test
	void digestEditorMakesADigestPersonalAndShowsItTicked() throws Exception {
		String name = "Personal " + System.nanoTime();
		mvc.perform(asAdmin(post("/admin/digests")).with(csrf())
			.param("name", name)
			.param("cron", "0 9 * * MON")
			.param("timeZone", "UTC")
			.param("template", "digest")
			.param("subjectPattern", "Digest {date}")
			.param("maxArticles", "5")
			.param("personal", "true")).andExpect(redirectedUrl("/admin/digests"));
		long id = jdbc.sql("SELECT id FROM digest WHERE name = ? AND personal = TRUE")
			.param(name)
			.query(Long.class)
			.single();

		mvc.perform(asAdmin(get("/admin/digests/" + id)))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(matchesPattern("(?s).*<input type=\"checkbox\" name=\"personal\"[^>]* checked>.*")));
	}

	@Test
	void cronHelperNamesTheNextThreeRunsOrTheProblem() throws Exception {
		mvc.perform(asAdmin(get("/admin/digests/cron")).param("cron", "0 9 * * MON").param("timeZone", "Europe/Paris"))
			.andExpect(jsonPath("$.runs.length()").value(3))
			.andExpect(jsonPath("$.runs[0]").value(containsString("Monday")));
		mvc.perform(asAdmin(get("/admin/digests/cron")).param("cron", "nonsense").param("timeZone", "UTC"))
			.andExpect(jsonPath("$.error").value(containsString("five fields")));
	}

	@Test
	void importWithoutAFileAsksForOne() throws Exception {
		mvc.perform(multipart("/admin/subscribers/import").file(new MockMultipartFile("file", new byte[0]))
			.with(user("admin").roles("OWNER"))
			.with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(containsString("<p class=\"field-error\" id=\"file-error\">Choose a CSV file to upload.</p>")));
	}

	@Test
	void progressOfACampaignIsReadableWithTheSessionLogin() throws Exception {
		long id = campaigns.create(new CampaignContent("Progress", null, "Intro only.", "digest", List.of()), "admin")
			.id();
		mvc.perform(asAdmin(get("/admin/campaigns/" + id + "/progress")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRAFT"))
			.andExpect(jsonPath("$.percent").value(0));
	}

	@Test
	void previewFrameGetsItsOwnPolicySoTheMailsInlineStylesApply() throws Exception {
		long id = campaigns.create(new CampaignContent("Preview", null, "Intro only.", "digest", List.of()), "admin")
			.id();
		mvc.perform(asAdmin(get("/admin/campaigns/" + id + "/preview")))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy", containsString("style-src 'unsafe-inline'")))
			.andExpect(content().string(containsString("Intro only.")));
	}

	@Test
	void erasingAsksFirstThenErasesAndSaysSo() throws Exception {
		long id = Readers.confirmed(jdbc, "erase.me@pages.example.org", null);
		mvc.perform(asAdmin(get("/admin/subscribers/" + id + "/erase")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Erase this subscriber?")));
		mvc.perform(asAdmin(post("/admin/subscribers/" + id + "/erase")).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/admin/subscribers"))
			.andExpect(MockMvcResultMatchers.flash().attribute("flash", containsString("erased")));
		mvc.perform(asAdmin(get("/admin/subscribers/" + id))).andExpect(status().isNotFound());
	}

	@Test
	void articleWithoutTitleReRendersWithTheTitleMarked() throws Exception {
		mvc.perform(asAdmin(post("/admin/articles")).with(csrf())
			.param("title", "")
			.param("url", "https://blog.example.org/x"))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(matchesPattern("(?s).*<input id=\"title\" name=\"title\"[^>]*aria-invalid=\"true\".*")))
			.andExpect(content().string(containsString("This title is required.")));
	}

	@Test
	void articleIsSavedAndListedAndItsExcerptPreviewed() throws Exception {
		mvc.perform(asAdmin(post("/admin/articles")).with(csrf())
			.param("title", "Retinol, gently")
			.param("url", "https://blog.example.org/retinol-gently")
			.param("body", "<p>Start <b>slowly</b>, twice a week.</p>"))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/admin/articles"));
		mvc.perform(asAdmin(get("/admin/articles")).param("q", "Retinol"))
			.andExpect(content().string(containsString("Retinol, gently")));
		mvc.perform(asAdmin(post("/admin/articles/excerpt")).with(csrf()).param("body", "<p>Start <b>slowly</b>.</p>"))
			.andExpect(jsonPath("$.excerpt").value("Start slowly."));
	}

	@Test
	void feedWithABadAddressIsRefusedNextToTheField() throws Exception {
		mvc.perform(asAdmin(post("/admin/feeds")).with(csrf()).param("url", "not a url"))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(matchesPattern("(?s).*<input id=\"url\" name=\"url\"[^>]*aria-invalid=\"true\".*")));
	}

}
