package dev.glowletter.rendering;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Optional;

import dev.glowletter.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

@Import(ViewInBrowserIntegrationTest.Archive.class)
class ViewInBrowserIntegrationTest extends IntegrationTest {

	@TestConfiguration(proxyBeanMethods = false)
	static class Archive {

		@Bean
		NewsletterArchive archive() {
			return id -> id == 42 ? Optional.of(NewsletterFixtures.digest()) : Optional.empty();
		}

	}

	@Autowired
	Newsletters newsletters;

	@Autowired
	SignedLinks links;

	@Test
	void signedLinkShowsTheNewsletterWithoutAnyonesUnsubscribeLink() throws Exception {
		String path = newsletters.viewInBrowserUrl(42).replaceAll("^https?://[^/]+", "");
		mvc.perform(get(path))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/html"))
			.andExpect(header().string("Content-Security-Policy", containsString("default-src 'none'")))
			.andExpect(content().string(containsString("Microneedling for hair regrowth: what the evidence says")))
			.andExpect(content().string(containsString("web version")))
			.andExpect(content().string(not(containsString("/unsubscribe/"))));
	}

	@Test
	void tamperedOrForeignTokensAre404() throws Exception {
		String token = links.token("unsubscribe", 42, 0);
		mvc.perform(get("/view/" + token)).andExpect(status().isNotFound());
		mvc.perform(get("/view/not-a-token")).andExpect(status().isNotFound());
		String unknown = newsletters.viewInBrowserUrl(7).replaceAll("^https?://[^/]+", "");
		mvc.perform(get(unknown)).andExpect(status().isNotFound());
	}

}
