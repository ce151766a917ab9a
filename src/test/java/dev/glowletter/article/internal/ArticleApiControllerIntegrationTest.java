package dev.glowletter.article.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.WebSlice;
import dev.glowletter.article.Articles;
import dev.glowletter.rendering.Newsletters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The article module's admin API (articles, feeds, previews) answering refusals as
 * problem details, with the editor, the feed import and the rendering mocked: the web
 * layer alone.
 */
@WebSlice({ ArticleApiController.class, FeedApiController.class, DigestPreviewController.class })
class ArticleApiControllerIntegrationTest {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	ArticleEditor editor;

	@MockitoBean
	FeedImport feeds;

	@MockitoBean
	Articles articles;

	@MockitoBean
	Newsletters newsletters;

	private static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
		return request.contentType(MediaType.APPLICATION_JSON).content(body);
	}

	@Test
	void refusedArticleIsA400ProblemNamingEachFieldWithWhatIsWrong() throws Exception {
		Map<String, String> errors = new LinkedHashMap<>();
		errors.put("title", "is required");
		errors.put("url", "must be an absolute http:// or https:// URL");
		given(editor.create(any())).willThrow(new InvalidArticle(errors));

		mvc.perform(json(post("/api/articles"), "{\"url\": \"javascript:alert(1)\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("The article is not valid"))
			.andExpect(jsonPath("$.type").value("urn:glowletter:problem:invalid-article"))
			.andExpect(jsonPath("$.detail").value("title is required; url must be an absolute http:// or https:// URL"))
			.andExpect(jsonPath("$.errors.title").value("is required"))
			.andExpect(jsonPath("$.errors.url").value("must be an absolute http:// or https:// URL"))
			.andExpect(jsonPath("$.errors.length()").value(2));
	}

	@Test
	void articleWithTheAddressOfAnotherIsA409NamingTheOther() throws Exception {
		given(editor.create(any())).willThrow(new DuplicateArticle("https://blog.example.org/a", 7L));

		mvc.perform(json(post("/api/articles"), "{\"title\": \"A\", \"url\": \"https://blog.example.org/a\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.title").value("Duplicate article URL"))
			.andExpect(jsonPath("$.type").value("urn:glowletter:problem:duplicate-article"))
			.andExpect(jsonPath("$.detail")
				.value("An article with the URL https://blog.example.org/a exists already (id 7)."))
			.andExpect(jsonPath("$.errors.url").value("is used by another article"))
			.andExpect(jsonPath("$.existingId").value(7));
	}

	@Test
	void valueOfTheWrongTypeIsA400NamingItsFieldAndReachesNoEditor() throws Exception {
		mvc.perform(json(post("/api/articles"), "{\"title\": [\"A\"], \"url\": \"https://blog.example.org/a\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Unreadable request"))
			.andExpect(jsonPath("$.detail").value("The field title has a value of the wrong type or format."))
			.andExpect(jsonPath("$.errors.title").value("has a value of the wrong type or format"));
		verifyNoInteractions(editor);
	}

	@Test
	void bodyThatIsNoJsonIsA400SayingSo() throws Exception {
		mvc.perform(json(post("/api/articles"), "{\"title\": "))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Unreadable request"))
			.andExpect(jsonPath("$.detail").value("The request body is not valid JSON."))
			.andExpect(jsonPath("$.errors").doesNotExist());
	}

	@Test
	void listSinceSomethingThatIsNoDateIsA400NamingSince() throws Exception {
		mvc.perform(get("/api/articles").param("since", "yesterday"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("The article is not valid"))
			.andExpect(jsonPath("$.errors.since")
				.value("must be an ISO 8601 date-time with an offset, e.g. 2025-05-01T00:00:00Z"));
	}

	@Test
	void pageThatIsNoNumberIsA400NamingThePage() throws Exception {
		mvc.perform(get("/api/articles").param("page", "two"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Bad Request"))
			.andExpect(jsonPath("$.detail").value("The parameter page has the wrong type."))
			.andExpect(jsonPath("$.errors.page").value("has the wrong type"));
	}

	@Test
	void unknownArticleIsA404SayingWhichOne() throws Exception {
		given(editor.find(anyLong())).willReturn(Optional.empty());

		mvc.perform(get("/api/articles/9"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.title").value("Not Found"))
			.andExpect(jsonPath("$.detail").value("There is no article 9."));
	}

	@Test
	void feedAddressThatIsNoWebAddressIsA400NamingTheUrl() throws Exception {
		given(feeds.register(any())).willThrow(new InvalidFeed("url", "must be an absolute http:// or https:// URL"));

		mvc.perform(json(post("/api/feeds"), "{\"url\": \"file:///etc/passwd\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("The feed is not valid"))
			.andExpect(jsonPath("$.type").doesNotExist())
			.andExpect(jsonPath("$.detail").value("url must be an absolute http:// or https:// URL"))
			.andExpect(jsonPath("$.errors.url").value("must be an absolute http:// or https:// URL"));
	}

	@Test
	void feedRegisteredAlreadyIsA409NamingTheUrl() throws Exception {
		given(feeds.register(any())).willThrow(new FeedImport.DuplicateFeed("https://blog.example.org/feed.xml"));

		mvc.perform(json(post("/api/feeds"), "{\"url\": \"https://blog.example.org/feed.xml\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.title").value("Duplicate feed"))
			.andExpect(jsonPath("$.detail").value("The feed https://blog.example.org/feed.xml is registered already."))
			.andExpect(jsonPath("$.errors.url").value("is registered already"));
	}

	@Test
	void previewOfArticlesThatAreNoIdsIsA400NamingTheParameterAndRendersNothing() throws Exception {
		mvc.perform(get("/api/previews").param("articles", "1,two"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Bad Request"))
			.andExpect(jsonPath("$.type").doesNotExist())
			.andExpect(jsonPath("$.detail").value("articles must be article ids separated by commas, e.g. 1,2,3"))
			.andExpect(jsonPath("$.errors.articles").value("must be article ids separated by commas, e.g. 1,2,3"));
		verifyNoInteractions(newsletters);
	}

}
