package dev.glowletter.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.glowletter.AdminApi;
import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

class ArticleApiIntegrationTest extends IntegrationTest {

	@Autowired
	Articles articles;

	private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
		return request.with(AdminApi.admin()).contentType(MediaType.APPLICATION_JSON);
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private static String json(String title, String url, String extra) {
		return "{\"title\":" + (title == null ? "null" : "\"" + title + "\"") + ",\"url\":\"" + url + "\"" + extra
				+ "}";
	}

	@Test
	void adminCreatesReadsUpdatesAndDeletesAnArticle() throws Exception {
		String url = "https://blog.example/" + unique();
		String location = mvc
			.perform(admin(post("/api/articles")).content(json("Dermarolling at home", url,
					",\"publishedAt\":\"2025-05-01T09:00:00+02:00\",\"tags\":[\"microneedling\",\"home\"],"
							+ "\"body\":\"<p>Short &amp; sweet.</p>\"")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.excerpt").value("Short & sweet."))
			.andExpect(jsonPath("$.slug").value("dermarolling-at-home"))
			.andExpect(jsonPath("$.publishedAt").value("2025-05-01T09:00:00+02:00"))
			.andReturn()
			.getResponse()
			.getHeader("Location");

		mvc.perform(admin(get(location))).andExpect(status().isOk()).andExpect(jsonPath("$.tags", hasSize(2)));

		mvc.perform(
				admin(put(location)).content(json("Dermarolling at home, revisited", url, ",\"excerpt\":\"Mine.\"")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.title").value("Dermarolling at home, revisited"))
			.andExpect(jsonPath("$.excerpt").value("Mine."))
			.andExpect(jsonPath("$.excerptGiven").value(true));

		mvc.perform(admin(delete(location))).andExpect(status().isNoContent());
		mvc.perform(admin(get(location))).andExpect(status().isNotFound());
	}

	@Test
	void missingTitleIsA400NamingTheField() throws Exception {
		mvc.perform(admin(post("/api/articles")).content(json(null, "https://blog.example/" + unique(), "")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors.title").value("is required"))
			.andExpect(jsonPath("$.detail", containsString("title")));
	}

	@Test
	void urlThatIsNotHttpIsA400NamingTheField() throws Exception {
		mvc.perform(admin(post("/api/articles")).content(json("A title", "javascript:alert(1)", "")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.url").value(containsString("http")));
		mvc.perform(admin(post("/api/articles")).content(json("A title", "ftp://blog.example/x", "")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.url").exists());
	}

	@Test
	void moreThanTwentyTagsIsA400NamingTheField() throws Exception {
		String tags = IntStream.rangeClosed(1, 21).mapToObj(i -> "\"tag" + i + "\"").collect(Collectors.joining(","));
		mvc.perform(admin(post("/api/articles"))
			.content(json("Tagged", "https://blog.example/" + unique(), ",\"tags\":[" + tags + "]")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.tags").value("are too many: at most 20"));
	}

	@Test
	void bodyOverTheSizeLimitIsA400NamingTheField() throws Exception {
		String body = "x".repeat(200_001);
		mvc.perform(admin(post("/api/articles"))
			.content(json("Big", "https://blog.example/" + unique(), ",\"body\":\"" + body + "\"")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.body").value(containsString("200000")));
	}

	@Test
	void dateInTheWrongFormatIsA400NamingTheFieldWithoutAStackTrace() throws Exception {
		mvc.perform(admin(post("/api/articles"))
			.content(json("Dated", "https://blog.example/" + unique(), ",\"publishedAt\":\"yesterday\"")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.publishedAt").exists())
			.andExpect(content().string(not(containsString("Exception"))));
	}

	@Test
	void duplicateUrlIsA409() throws Exception {
		String url = "https://blog.example/" + unique();
		mvc.perform(admin(post("/api/articles")).content(json("First", url, ""))).andExpect(status().isCreated());
		mvc.perform(admin(post("/api/articles")).content(json("Second", url, "")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.errors.url").exists())
			.andExpect(jsonPath("$.existingId").isNumber());
	}

	@Test
	void withoutCredentialsTheApiAnswers401() throws Exception {
		mvc.perform(get("/api/articles")).andExpect(status().isUnauthorized());
		mvc.perform(post("/api/articles").contentType(MediaType.APPLICATION_JSON)
			.content(json("T", "https://blog.example/x", ""))).andExpect(status().isUnauthorized());
	}

	@Test
	void listFiltersByTagTitleAndPublishedSinceNewestFirst() throws Exception {
		String tag = "tag-" + unique();
		String word = "word" + unique();
		create("Old " + word, tag, "2024-01-01T00:00:00Z");
		create("New " + word, tag, "2025-06-01T00:00:00Z");
		create("Other " + word, "other-" + tag, "2025-06-02T00:00:00Z");

		mvc.perform(admin(get("/api/articles").param("tag", tag)))
			.andExpect(jsonPath("$.items", hasSize(2)))
			.andExpect(jsonPath("$.items[0].title").value("New " + word))
			.andExpect(jsonPath("$.totalItems").value(2));
		mvc.perform(admin(get("/api/articles").param("q", word.toUpperCase()).param("since", "2025-01-01T00:00:00Z")))
			.andExpect(jsonPath("$.items", hasSize(2)))
			.andExpect(jsonPath("$.items[0].title").value("Other " + word))
			.andExpect(jsonPath("$.items[1].title").value("New " + word));
		mvc.perform(admin(get("/api/articles").param("q", word).param("size", "1").param("page", "1")))
			.andExpect(jsonPath("$.items", hasSize(1)))
			.andExpect(jsonPath("$.items[0].title").value("New " + word))
			.andExpect(jsonPath("$.totalPages").value(3));
	}

	@Test
	void facadeFindsArticlesInTheOrderOfTheIdsLeavingOutMissingOnes() throws Exception {
		long a = create("Facade A " + unique(), "facade", "2025-02-01T00:00:00Z");
		long b = create("Facade B " + unique(), "facade", "2025-02-02T00:00:00Z");
		List<ArticleSummary> found = articles.findAll(List.of(b, 999_999L, a));
		assertThat(found).extracting(ArticleSummary::id).containsExactly(b, a);
		assertThat(articles.publishedSince(Instant.parse("2025-02-01T00:00:00Z"), 100)).extracting(ArticleSummary::id)
			.contains(b)
			.doesNotContain(a);
	}

	private long create(String title, String tag, String publishedAt) throws Exception {
		String response = mvc
			.perform(admin(post("/api/articles")).content(json(title, "https://blog.example/" + unique(),
					",\"tags\":[\"" + tag + "\"],\"publishedAt\":\"" + publishedAt + "\"")))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return Long.parseLong(response.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
	}

}
