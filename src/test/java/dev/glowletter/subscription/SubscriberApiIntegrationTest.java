package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import dev.glowletter.AdminApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * /api/subscribers: search with paging, one reader with history, CSV import and export.
 */
class SubscriberApiIntegrationTest extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
		return request.with(AdminApi.admin());
	}

	@Test
	void searchFindsByPartOfTheAddressAndFiltersByStatus() throws Exception {
		Readers.confirmed(jdbc, "search.one@search.example.org", "Sam");
		Readers.confirmed(jdbc, "search.two@search.example.org", null);
		mvc.perform(admin(get("/api/subscribers")).param("q", "SEARCH.ONE@search").param("status", "CONFIRMED"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].email").value("search.one@search.example.org"));
		mvc.perform(admin(get("/api/subscribers")).param("q", "@search.example.org").param("size", "1"))
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.totalPages").value(2));
		mvc.perform(admin(get("/api/subscribers")).param("q", "search").param("status", "PENDING"))
			.andExpect(jsonPath("$.totalItems").value(0));
	}

	@Test
	void searchTreatsLikeWildcardsAsPlainCharacters() throws Exception {
		Readers.confirmed(jdbc, "percent.plain@api.example.org", null);
		mvc.perform(admin(get("/api/subscribers")).param("q", "%")).andExpect(jsonPath("$.totalItems").value(0));
	}

	@Test
	void importWithoutConsentSendsConfirmationMailsAndReportsEveryRejectedLine() throws Exception {
		Readers.confirmed(jdbc, "there.already@api.example.org", null);
		long erased = Readers.confirmed(jdbc, "erased.before@api.example.org", null);
		mvc.perform(admin(delete("/api/subscribers/" + erased))).andExpect(status().isNoContent());
		String csv = "email,name\nnew.reader@api.example.org,Nia\nthere.already@api.example.org,\n"
				+ "erased.before@api.example.org,\nbroken@,\n";

		mvc.perform(admin(post("/api/subscribers/import")).contentType("text/csv")
			.content(csv.getBytes(StandardCharsets.UTF_8)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.rows").value(4))
			.andExpect(jsonPath("$.imported").value(1))
			.andExpect(jsonPath("$.confirmationsSent").value(1))
			.andExpect(jsonPath("$.duplicateRows[0].line").value(3))
			.andExpect(jsonPath("$.suppressedRows[0].line").value(4))
			.andExpect(jsonPath("$.invalidRows[0].line").value(5));

		assertThat(awaitMails("new.reader@api.example.org", 1)).hasSize(1);
		mvc.perform(admin(get("/api/subscribers")).param("q", "new.reader@api"))
			.andExpect(jsonPath("$.items[0].status").value("PENDING"))
			.andExpect(jsonPath("$.items[0].firstName").value("Nia"));
	}

	@Test
	void readerComesWithConsentAndHistory() throws Exception {
		mvc.perform(admin(post("/api/subscribers/import")).contentType("text/csv")
			.param("consentHeld", "true")
			.content("history.reader@api.example.org\n".getBytes(StandardCharsets.UTF_8)))
			.andExpect(jsonPath("$.imported").value(1));
		long id = jdbc.sql("SELECT id FROM subscriber WHERE email = 'history.reader@api.example.org'")
			.query(Long.class)
			.single();

		mvc.perform(admin(get("/api/subscribers/" + id)))
			.andExpect(jsonPath("$.subscriber.status").value("CONFIRMED"))
			.andExpect(jsonPath("$.consents[0].source").value("IMPORT"))
			.andExpect(jsonPath("$.history[0].type").value("CONFIRMED"));
	}

	@Test
	void exportIsCsvWithAHeaderAndDefusesFormulas() throws Exception {
		Readers.confirmed(jdbc, "export.me@api.example.org", "=SUM(A1)");
		mvc.perform(admin(get("/api/subscribers/export")))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/csv"))
			.andExpect(content()
				.string(containsString("email,first_name,status,created_at,confirmed_at,unsubscribed_at,topics\r\n")))
			.andExpect(content().string(containsString("export.me@api.example.org,'=SUM(A1),CONFIRMED,")));
	}

	@Test
	void listNeedsTheAdminPassword() throws Exception {
		mvc.perform(get("/api/subscribers")).andExpect(status().isUnauthorized());
	}

}
