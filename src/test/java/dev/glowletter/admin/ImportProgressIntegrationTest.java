package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.glowletter.IntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A large CSV import runs in the background behind a progress page, then shows its
 * report.
 */
class ImportProgressIntegrationTest extends IntegrationTest {

	@Test
	void importShowsItsProgressThenItsReport() throws Exception {
		StringBuilder csv = new StringBuilder("email,first_name\n");
		int rows = 30_000; // a few seconds of work: long enough to be seen running
		for (int i = 0; i < rows; i++) {
			csv.append("progress").append(i).append("@example.org,Reader ").append(i).append('\n');
		}
		MockHttpSession session = new MockHttpSession();
		var admin = user("admin").roles("OWNER");
		mvc.perform(multipart("/admin/subscribers/import")
			.file(new MockMultipartFile("file", "readers.csv", "text/csv",
					csv.toString().getBytes(StandardCharsets.UTF_8)))
			.session(session)
			.with(csrf())
			.with(admin)).andExpect(status().isOk());
		MvcResult started = mvc
			.perform(post("/admin/subscribers/import/run").param("emailColumn", "0")
				.param("nameColumn", "1")
				.param("consentHeld", "true")
				.session(session)
				.with(csrf())
				.with(admin))
			.andExpect(status().is3xxRedirection())
			.andReturn();
		String job = started.getResponse().getRedirectedUrl();
		assertThat(job).startsWith("/admin/subscribers/import/");

		String first = mvc.perform(get(job).with(admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(first).contains("id=\"import-progress\"").contains("http-equiv=\"refresh\"").contains("rows read");

		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> mvc.perform(get(job).with(admin))
				.andReturn()
				.getResponse()
				.getContentAsString()
				.contains("id=\"import-report\""));
		String report = mvc.perform(get(job).with(admin)).andReturn().getResponse().getContentAsString();
		assertThat(report).contains("<dd id=\"report-rows\">30,000</dd>")
			.contains("<dd id=\"report-imported\">30,000</dd>");
	}

	@Test
	void unknownImportIs404() throws Exception {
		mvc.perform(get("/admin/subscribers/import/no-such-job").with(user("admin").roles("OWNER")))
			.andExpect(status().isNotFound());
	}

}
