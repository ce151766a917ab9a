package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignService;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

/**
 * A reader's whole path and the admin's, in a real browser: subscribe, confirm, receive a
 * campaign, unsubscribe.
 */
class ReaderJourneyBrowserTest extends BrowserTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CampaignService campaigns;

	@Test
	void readerWhoSubscribesAndConfirmsAppearsAsConfirmedInTheAdminList() {
		String address = "rosa.browser@example.org";
		open("/");
		browser.findElement(By.id("email")).sendKeys(address);
		browser.findElement(By.id("firstName")).sendKeys("Rosa");
		browser.findElement(By.id("consent")).click();
		clickAndLoad(By.cssSelector("form[action='/subscribe'] button[type=submit]"));
		assertThat(text(By.tagName("h1")).toLowerCase()).contains("inbox");

		open(linkPath(awaitMail(address, ""), "/confirm/"));
		clickAndLoad(By.cssSelector("form[action^='/confirm/'] button[type=submit]"));
		waitFor(By.tagName("h1"));

		logIn();
		open("/admin/subscribers?q=rosa.browser");
		WebElement row = waitFor(By.xpath("//table[@id='subscriber-list']//tr[td/a[text()='" + address + "']]"));
		assertThat(row.getText()).contains("Confirmed");
	}

	@Test
	void adminSendsACampaignOfTwoArticlesAndWatchesItReachEveryReader() throws Exception {
		String reader = "lena.browser@example.org";
		Readers.confirmed(jdbc, reader, "Lena");
		article("Microneedling for hair regrowth: what the studies say", "https://blog.example.org/microneedling");
		article("A gentle evening skin-care routine", "https://blog.example.org/evening-routine");

		logIn();
		open("/admin/campaigns/new");
		browser.findElement(By.id("subject")).sendKeys("Hair and skin, this week");
		browser.findElement(By.id("intro")).sendKeys("Two reads for the weekend.");
		tick("A gentle evening skin-care routine");
		tick("Microneedling for hair regrowth: what the studies say");
		clickAndLoad(By.cssSelector("#campaign-form button[type=submit]:not([formaction])"));

		awaitText(By.cssSelector(".flash"), "Draft saved");
		browser.switchTo().frame(waitFor(By.id("preview")));
		String preview = text(By.tagName("body"));
		browser.switchTo().defaultContent();
		assertThat(preview).contains("A gentle evening skin-care routine").contains("Microneedling for hair regrowth");
		assertThat(preview.indexOf("A gentle evening")).as("articles in the order picked")
			.isLessThan(preview.indexOf("Microneedling"));
		browser.findElement(By.cssSelector("[data-preview-width=phone]")).click();
		assertThat(browser.findElement(By.id("preview")).getAttribute("class")).contains("phone");

		clickAndLoad(By.id("send-now"));
		awaitText(By.cssSelector(".flash"), "Sending starts");
		new WebDriverWait(browser, Duration.ofSeconds(30))
			.until(d -> d.findElement(By.cssSelector(".progress-pct")).getText().startsWith("100"));
		assertThat(browser.findElement(By.cssSelector(".progress progress")).getAttribute("value")).isEqualTo("100");

		MimeMessage mail = awaitMail(reader, "Hair and skin, this week");
		assertThat(mail.getSubject()).isEqualTo("Hair and skin, this week");
	}

	@Test
	void readerWhoUnsubscribesFromTheFooterLinkIsCountedOnTheDashboard() {
		String reader = "mia.browser@example.org";
		Readers.confirmed(jdbc, reader, "Mia");
		logIn();
		open("/admin");
		long before = Long.parseLong(text(By.id("period-unsubscribes")));

		var campaign = campaigns.create(
				new CampaignContent("A note for Mia's list", null, "Just the intro today.", "digest", List.of()),
				"test");
		campaigns.schedule(campaign.id(), new CampaignService.Schedule(null, null, true));
		String unsubscribe = linkPath(awaitMail(reader, "A note for Mia's list"), "/unsubscribe/");

		open(unsubscribe);
		clickAndLoad(By.cssSelector("main form button[type=submit]"));
		assertThat(text(By.tagName("h1"))).containsIgnoringCase("unsubscribed");

		open("/admin");
		assertThat(Long.parseLong(text(By.id("period-unsubscribes")))).isEqualTo(before + 1);
	}

	private void tick(String title) {
		browser.findElement(By.xpath("//li[contains(@class,'pick')][.//span[@class='pick-title' and text()=\"" + title
				+ "\"]]//input[@type='checkbox']"))
			.click();
	}

	private void article(String title, String url) {
		RestClient.create(url("/api"))
			.post()
			.uri("/articles")
			.headers(h -> h.setBasicAuth("admin", IntegrationTest.ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("title", title, "url", url, "body", "<p>" + title + ". A longer body for the excerpt.</p>"))
			.retrieve()
			.toBodilessEntity();
	}

}
