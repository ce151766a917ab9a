package dev.glowletter.article.internal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import dev.glowletter.AdminApi;
import dev.glowletter.IntegrationTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DigestPreviewIntegrationTest extends IntegrationTest {

	@Autowired
	ArticleEditor editor;

	private long demoArticle(int index) {
		ArticleDraft demo = DemoContent.drafts().get(index);
		String url = demo.url() + "-" + UUID.randomUUID();
		return editor
			.create(new ArticleDraft(demo.title(), url, null, demo.author(), demo.publishedAt(), null, null,
					demo.tags(), demo.body(), null))
			.id();
	}

	@Test
	void previewRendersTheChosenArticlesInOrderForASampleReader() throws Exception {
		long first = demoArticle(0);
		long second = demoArticle(4);
		mvc.perform(get("/api/previews").param("template", "digest")
			.param("articles", second + "," + first)
			.with(AdminApi.admin()))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/html"))
			.andExpect(content().string(containsString("Skin-care basics: the three steps that matter most")))
			.andExpect(content()
				.string(Matchers.stringContainsInOrder("Skin-care basics", "Microneedling for hair regrowth")))
			.andExpect(content().string(containsString("/unsubscribe/")));
		mvc.perform(get("/api/previews").param("articles", String.valueOf(first))
			.param("format", "text")
			.with(AdminApi.admin()))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/plain"))
			.andExpect(content().string(
					containsString("Read more: https://blog.glowletter.example/microneedling-hair-regrowth-evidence")))
			.andExpect(content().string(not(containsString("<p>"))));
	}

	@Test
	void subjectErrorIs422NamingTheTemplateLineAndColumn() throws Exception {
		mvc.perform(get("/api/previews").param("subject", "Hi ${subscriber.firstName").with(AdminApi.admin()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.template").value("subject"))
			.andExpect(jsonPath("$.line").value(1))
			.andExpect(jsonPath("$.column").isNumber());
	}

	@Test
	void unknownTemplateIs422AndNeedsAdmin() throws Exception {
		mvc.perform(get("/api/previews").param("template", "no-such-template").with(AdminApi.admin()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.template").value("no-such-template.ftlh"));
		mvc.perform(get("/api/previews")).andExpect(status().isUnauthorized());
	}

}
