package dev.glowletter.subscription;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CSV import reads each reader's topics from a column of names, as the export writes
 * them: new readers get the topics their row names, a row naming a topic the list has not
 * is reported with its line and nothing of it stored, readers already on the list keep
 * theirs, and an export imported into an empty list gives every reader the same topics.
 */
// a database of its own: the round trip imports the whole export, so other classes'
// readers would be in it
@TestPropertySource(properties = "glowletter.test.context=import-topics")
class ImportTopicsIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Test
	void aTopicsColumnGivesNewReadersTheirTopicsAndARowNamingAnUnknownOneIsReportedWithNothingOfItStored()
			throws Exception {
		String tag = tag();
		long hair = CampaignsApi.topic(mvc, "Hair " + tag);
		long skin = CampaignsApi.topic(mvc, "Skin care " + tag);
		String csv = """
				email,name,topics
				ann.%1$s@example.com,Ann,Hair %1$s; SKIN CARE %1$s
				ben.%1$s@example.com,Ben,
				cat.%1$s@example.com,Cat,Hair %1$s; Nails
				""".formatted(tag);

		importCsv(csv, "true").andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(2))
			.andExpect(jsonPath("$.invalid").value(1))
			.andExpect(jsonPath("$.invalidRows[0].line").value(4))
			.andExpect(jsonPath("$.invalidRows[0].value").value("cat." + tag + "@example.com"))
			.andExpect(jsonPath("$.invalidRows[0].reason").value("Topics: the list has no topic “Nails”."));

		assertThat(topicsOf("ann." + tag + "@example.com")).containsExactly(hair, skin);
		assertThat(topicsOf("ben." + tag + "@example.com")).isEmpty();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = ?")
			.param("cat." + tag + "@example.com")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aReaderImportedWithoutConsentKeepsTheirTopicsWhileTheyConfirm() throws Exception {
		String tag = tag();
		long makeUp = CampaignsApi.topic(mvc, "Make-up " + tag);

		importCsv("email,topics\ndee." + tag + "@example.com,make-up " + tag + "\n", "false").andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(1))
			.andExpect(jsonPath("$.confirmationsSent").value(1));

		assertThat(jdbc.sql("SELECT status FROM subscriber WHERE email = ?")
			.param("dee." + tag + "@example.com")
			.query(String.class)
			.single()).isEqualTo("PENDING");
		assertThat(topicsOf("dee." + tag + "@example.com")).containsExactly(makeUp);
		awaitMails("dee." + tag + "@example.com", 1);
	}

	@Test
	void aReaderAlreadyOnTheListKeepsTheirTopicsAsTheyKeepTheirName() throws Exception {
		String tag = tag();
		long hair = CampaignsApi.topic(mvc, "Hair " + tag);
		CampaignsApi.topic(mvc, "Reviews " + tag);
		String email = "eve." + tag + "@example.com";
		long eve = Readers.confirmed(jdbc, email, "Eve");
		jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)").params(eve, hair).update();

		importCsv("email,topics\n" + email + ",Reviews " + tag + "\n", "true").andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(0))
			.andExpect(jsonPath("$.duplicates").value(1));

		assertThat(topicsOf(email)).containsExactly(hair);
	}

	@Test
	void anExportImportedIntoAnEmptyListGivesEveryReaderTheSameTopics() throws Exception {
		String tag = tag();
		// names the export writes as they are, quoted, and after an apostrophe
		List<Long> topics = List.of(CampaignsApi.topic(mvc, "Hair " + tag),
				CampaignsApi.topic(mvc, "Tips; tricks " + tag), CampaignsApi.topic(mvc, "-Sale " + tag),
				CampaignsApi.topic(mvc, "Skin, care " + tag));
		List<String> emails = List.of("one." + tag + "@example.com", "two." + tag + "@example.com",
				"three." + tag + "@example.com", "four." + tag + "@example.com");
		List<List<Long>> chosen = List.of(List.of(topics.get(0), topics.get(1)), List.of(),
				List.of(topics.get(2), topics.get(3)), topics);
		for (int i = 0; i < emails.size(); i++) {
			long reader = Readers.confirmed(jdbc, emails.get(i), null);
			for (Long topic : chosen.get(i)) {
				jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)")
					.params(reader, topic)
					.update();
			}
		}
		Map<String, List<Long>> before = emails.stream().collect(Collectors.toMap(Function.identity(), this::topicsOf));

		String export = mvc.perform(get("/api/subscribers/export").with(admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		jdbc.sql("DELETE FROM subscriber").update();
		// the topics column is found by its header
		mvc.perform(post("/api/subscribers/import").with(admin())
			.contentType("text/csv")
			.param("consentHeld", "true")
			.content(export.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.invalid").value(0));

		assertThat(emails.stream().collect(Collectors.toMap(Function.identity(), this::topicsOf))).isEqualTo(before);
		assertThat(before.get(emails.get(3))).hasSize(4);
	}

	@Test
	void aTopicsColumnTheFileHasNotIsA400NamingItAndNothingIsImported() throws Exception {
		String tag = tag();
		mvc.perform(post("/api/subscribers/import").with(admin())
			.contentType("text/csv")
			.param("topicsColumn", "2")
			.content("email,topics\nfay." + tag + "@example.com,\n"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.topicsColumn").exists());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = ?")
			.param("fay." + tag + "@example.com")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void theMappingPageOffersTheTopicsColumnAndTheReportNamesARowsUnknownTopic() throws Exception {
		String tag = tag();
		long hair = CampaignsApi.topic(mvc, "Hair " + tag);
		CampaignsApi.topic(mvc, "<b>Bold</b> " + tag);
		MockHttpSession session = new MockHttpSession();
		RequestPostProcessor admin = user("admin").roles("OWNER");
		String csv = "email,Topics\ngil." + tag + "@example.com,hair " + tag + "\nhal." + tag
				+ "@example.com,<i>Nails</i>\n";

		String page = mvc
			.perform(multipart("/admin/subscribers/import")
				.file(new MockMultipartFile("file", "readers.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
				.session(session)
				.with(csrf())
				.with(admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("<option value=\"1\" selected>Topics</option>")
			.contains("separated by semicolons")
			.contains("&lt;b&gt;Bold&lt;/b&gt; " + tag)
			.doesNotContain("<b>Bold</b>");

		String job = mvc
			.perform(post("/admin/subscribers/import/run").param("emailColumn", "0")
				.param("topicsColumn", "1")
				.param("consentHeld", "true")
				.session(session)
				.with(csrf())
				.with(admin))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> mvc.perform(get(job).with(admin))
				.andReturn()
				.getResponse()
				.getContentAsString()
				.contains("id=\"import-report\""));
		String report = mvc.perform(get(job).with(admin)).andReturn().getResponse().getContentAsString();
		assertThat(report).contains("<dd id=\"report-imported\">1</dd>")
			.contains("<td class=\"num\">3</td><td>hal." + tag + "@example.com</td>"
					+ "<td>Topics: the list has no topic “&lt;i&gt;Nails&lt;/i&gt;”.</td>")
			.doesNotContain("<i>Nails");
		assertThat(topicsOf("gil." + tag + "@example.com")).containsExactly(hair);
	}

	// --- helpers ---

	private static String tag() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private ResultActions importCsv(String csv, String consentHeld) throws Exception {
		return mvc.perform(post("/api/subscribers/import").with(admin())
			.contentType("text/csv")
			.param("consentHeld", consentHeld)
			.content(csv.getBytes(StandardCharsets.UTF_8)));
	}

	private List<Long> topicsOf(String email) {
		return jdbc.sql("""
				SELECT st.topic_id FROM subscriber_topic st JOIN subscriber s ON s.id = st.subscriber_id
				WHERE s.email = ? ORDER BY st.topic_id""").param(email).query(Long.class).list();
	}

}
