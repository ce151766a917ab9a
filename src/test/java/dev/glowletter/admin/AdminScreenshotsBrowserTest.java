package dev.glowletter.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.DigestService;
import dev.glowletter.campaign.DigestSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Not a test of behaviour: with GLOWLETTER_SCREENSHOTS=<dir> it saves every admin page at 1280 px
 * and 360 px width, for a person to look at. Skipped otherwise.
 */
class AdminScreenshotsBrowserTest extends BrowserTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CampaignService campaigns;

	@Autowired
	DigestService digests;

	@Test
	void everyPageAtDesktopAndPhoneWidth() throws Exception {
		String dir = System.getenv("GLOWLETTER_SCREENSHOTS");
		assumeTrue(dir != null && !dir.isBlank(), "set GLOWLETTER_SCREENSHOTS=<dir> to save screenshots");
		Path out = Files.createDirectories(Path.of(dir));
		article("Microneedling for hair regrowth: what the studies say", "https://blog.example.org/microneedling");
		article("A gentle evening skin-care routine", "https://blog.example.org/evening-routine");
		article("Sunscreen myths, busted", "https://blog.example.org/sunscreen");
		for (int i = 0; i < 24; i++) {
			long id = Readers.confirmed(jdbc, "reader" + i + "@example.org", i % 3 == 0 ? null : "Reader " + i);
			// some history, so that the growth chart has something to show
			for (int e = 0; e <= i % 4; e++) {
				jdbc.sql("INSERT INTO subscriber_event (subscriber_id, type, occurred_at) VALUES (?, ?, ?)")
					.params(id, (i + e) % 7 == 0 ? "UNSUBSCRIBED" : "CONFIRMED",
							java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays((i * 5L + e * 3L) % 29))
					.update();
			}
		}
		var sent = campaigns.create(new CampaignContent("Hair and skin, this week", "Two reads for the weekend", "Hello!", "digest", List.of(1L, 2L)), "admin");
		campaigns.schedule(sent.id(), new CampaignService.Schedule(null, null, true));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> campaigns.get(sent.id()).status().name().equals("SENT"));
		var draft = campaigns.create(new CampaignContent("Sunscreen season", null, "Spring is here.", "digest", List.of(3L)), "admin");
		digests.create(new DigestSettings("Weekly digest", "0 9 * * MON", "Europe/Paris", "digest", "Your beauty digest, {date}", null, 5, null));
		long subscriber = jdbc.sql("SELECT MIN(id) FROM subscriber").query(Long.class).single();

		logIn();
		Map<String, String> pages = new java.util.LinkedHashMap<>();
		pages.put("dashboard", "/admin");
		pages.put("subscribers", "/admin/subscribers");
		pages.put("subscriber", "/admin/subscribers/" + subscriber);
		pages.put("subscriber-erase", "/admin/subscribers/" + subscriber + "/erase");
		pages.put("import", "/admin/subscribers/import");
		pages.put("articles", "/admin/articles");
		pages.put("article-new", "/admin/articles/new");
		pages.put("article-edit", "/admin/articles/1");
		pages.put("campaigns", "/admin/campaigns");
		pages.put("campaign-new", "/admin/campaigns/new");
		pages.put("campaign-draft", "/admin/campaigns/" + draft.id());
		pages.put("campaign-edit", "/admin/campaigns/" + draft.id() + "/edit");
		pages.put("campaign-report", "/admin/campaigns/" + sent.id());
		pages.put("digests", "/admin/digests");
		pages.put("digest-edit", "/admin/digests/1");
		pages.put("not-found", "/admin/campaigns/999");
		for (int width : new int[] { 1280, 360 }) {
			for (var page : pages.entrySet()) {
				browser.manage().window().setSize(new Dimension(width, 900));
				open(page.getValue());
				Thread.sleep(700);
				long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
				browser.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 4000)));
				Thread.sleep(200);
				Files.write(out.resolve(page.getKey() + "-" + width + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
			}
		}
		browser.manage().window().setSize(new Dimension(1280, 900));
	}

	private void article(String title, String url) {
		RestClient.create(url("/api"))
			.post().uri("/articles")
			.headers(h -> h.setBasicAuth("admin", IntegrationTest.ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", title, "url", url, "body", "<p>" + title + ". Everything you wanted to know, and a little more, in a few minutes of reading.</p>"))
			.retrieve().toBodilessEntity();
	}
}
