package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Clicks in a real browser: a reader's click on a tracked link shows on the campaign's
 * report (figures, article, chart), on the articles page's "most read" and on the
 * reader's page; the reader turns tracking off on their preference page.
 */
class ClicksBrowserTest extends BrowserTest {

	private static final String BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
			+ "Gecko) Chrome/120.0 Safari/537.36";

	@Autowired
	JdbcClient jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aReadersClickShowsOnTheReportsAndTheReaderCanTurnTrackingOff() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		String address = "clicker-" + run + "@example.org";
		long reader = Readers.confirmed(jdbc, address, "Cleo");
		String title = "Scalp serums, compared " + run;
		long article = id(api("/api/articles",
				"{\"title\": \"" + title + "\", \"url\": \"https://blog.example.org/" + run + "\", \"publishedAt\": \""
						+ OffsetDateTime.now().minusDays(1) + "\", \"body\": \"<p>On.</p>\"}"));
		long campaign = id(
				api("/api/campaigns", "{\"subject\": \"Serums " + run + "\", \"articleIds\": [" + article + "]}"));
		api("/api/campaigns/" + campaign + "/schedule", "{\"now\": true}");
		MimeMessage mail = awaitMail(address, "Serums " + run);

		HttpResponse<String> click = http.send(HttpRequest.newBuilder(URI.create(base() + linkPath(mail, "/r/")))
			.header("User-Agent", BROWSER_AGENT)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(click.statusCode()).isEqualTo(302);
		assertThat(click.headers().firstValue("Location")).hasValue("https://blog.example.org/" + run);

		logIn();
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			open("/admin/campaigns/" + campaign);
			assertThat(waitFor(By.cssSelector("[data-field=click-readers]")).getText()).isEqualTo("1");
		});
		assertThat(browser.findElement(By.id("clicks")).isDisplayed()).isTrue();
		assertThat(browser.findElement(By.cssSelector("table[aria-labelledby=clicks]")).getText()).contains(title);
		assertThat(browser.findElements(By.cssSelector(".click-chart svg rect"))).hasSize(1);
		open("/admin/articles");
		assertThat(waitFor(By.id("most-read")).getText()).contains(title, "1 reader");
		open("/admin/subscribers/" + reader);
		assertThat(waitFor(By.id("reader-clicks")).getText()).contains(title, "Last click");

		open(linkPath(mail, "/preferences/"));
		By dontTrack = By.xpath("//button[normalize-space()=\"Don't track my clicks\"]");
		waitFor(dontTrack);
		clickAndLoad(dontTrack);
		awaitText(By.tagName("main"), "Your clicks are not tracked");
		assertThat(jdbc.sql("SELECT click_tracking FROM subscriber WHERE id = ?")
			.param(reader)
			.query(Boolean.class)
			.single()).isFalse();
	}

	private String base() {
		return "http://127.0.0.1:" + port;
	}

	/** An admin API call with the test's admin account; returns the answer's body. */
	private String api(String path, String json) throws Exception {
		String auth = Base64.getEncoder()
			.encodeToString(("admin:" + IntegrationTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base() + path))
			.header("Authorization", "Basic " + auth)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(path + ": " + answer.body()).isBetween(200, 299);
		return answer.body();
	}

	private static long id(String json) {
		Matcher matcher = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(json);
		assertThat(matcher.find()).isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
