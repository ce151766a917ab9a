package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.glowletter.IntegrationTest;
import dev.glowletter.TestSmtp;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of end-to-end tests in a real browser: the whole application on a random port,
 * a fresh in-memory H2 database, GreenMail as the relay, the campaign poller running
 * every half second, and one headless Chromium per test class. On failure, a screenshot
 * and the page source go to {@code target/browser-failures/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
				"glowletter.rendering.templates-dir=email-templates", "glowletter.delivery.poll-interval=100ms",
				"glowletter.subscription.purge-initial-delay=1d", "glowletter.article.demo-content=false",
				"glowletter.campaign.poll-interval=500ms", "glowletter.campaign.poll-initial-delay=500ms",
				"glowletter.admin.password=" + IntegrationTest.ADMIN_PASSWORD, "glowletter.api.basic-auth=true" })
@ExtendWith({ BrowserAvailable.class, BrowserTest.SaveFailures.class })
abstract class BrowserTest {

	static WebDriver browser;

	private static Path profile;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestSmtp::port);
	}

	@BeforeAll
	static void startBrowser() throws IOException {
		List<String> missing = BrowserAvailable.missing();
		assertThat(missing)
			.as("Browser tests need headless Chromium and chromedriver (apt-get install chromium chromium-driver)")
			.isEmpty();
		profile = Files.createTempDirectory("glowletter-chromium-");
		// no Selenium Manager: the driver and the browser are named
		System.setProperty("webdriver.chrome.driver", BrowserAvailable.CHROMEDRIVER.toString());
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BrowserAvailable.CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,900", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(BrowserAvailable.CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
		if (profile != null) {
			try (var files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	String url(String path) {
		return "http://localhost:" + port + path;
	}

	void open(String path) {
		browser.get(url(path));
	}

	void logIn() {
		open("/admin/login");
		if (!browser.getCurrentUrl().contains("/admin/login")) {
			return; // still logged in from an earlier test of this class
		}
		browser.findElement(By.id("username")).sendKeys("admin");
		browser.findElement(By.id("password")).sendKeys(IntegrationTest.ADMIN_PASSWORD);
		clickAndLoad(By.cssSelector("form button[type=submit]"));
		waitFor(By.cssSelector("nav[aria-label='Admin sections']"));
	}

	/**
	 * Clicks what sends a form or follows a link, and waits until the browser has left
	 * the page it was on. Without the wait, the next lookup can find an element of the
	 * old page (the same id or tag is often on both), which goes stale as the new page
	 * comes.
	 */
	void clickAndLoad(By locator) {
		WebElement page = browser.findElement(By.tagName("html"));
		browser.findElement(locator).click();
		new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> {
			try {
				page.isEnabled();
				return false;
			}
			catch (WebDriverException ex) {
				if (ofAPageThatIsGone(ex)) {
					return true;
				}
				throw ex;
			}
		});
	}

	/** Waits until the element is there and shown, on the page the browser is on. */
	WebElement waitFor(By locator) {
		return new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> {
			try {
				return ExpectedConditions.visibilityOfElementLocated(locator).apply(driver);
			}
			catch (WebDriverException ex) {
				if (ofAPageThatIsGone(ex)) {
					return null; // found as the page was being replaced: look again
				}
				throw ex;
			}
		});
	}

	/**
	 * Chromedriver's other words for a stale element: asked about an element of the
	 * document the browser has just left, it may answer "Node with given id does not
	 * belong to the document" (an unknown error) instead of "stale element reference".
	 */
	private static boolean ofAPageThatIsGone(WebDriverException ex) {
		return ex instanceof StaleElementReferenceException
				|| (ex.getMessage() != null && ex.getMessage().contains("does not belong to the document"));
	}

	String text(By locator) {
		return waitFor(locator).getText();
	}

	/**
	 * Waits until the element (found anew each time, so a page that is still being
	 * replaced does not leave a stale one behind) shows the text; fails after 15 s.
	 */
	void awaitText(By locator, String expected) {
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.textToBePresentInElementLocated(locator, expected));
	}

	/**
	 * Waits for a mail to the address whose subject contains the words, and returns it.
	 */
	static MimeMessage awaitMail(String address, String subjectContains) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> Arrays.stream(TestSmtp.server().getReceivedMessages()).filter(m -> {
				try {
					return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))
							&& m.getSubject() != null && m.getSubject().contains(subjectContains);
				}
				catch (MessagingException ex) {
					return false;
				}
			}).findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	/**
	 * The path of the first link in the mail under the prefix, e.g. "/confirm/…" (the
	 * base URL points elsewhere in tests).
	 */
	static String linkPath(MimeMessage message, String pathPrefix) {
		Matcher matcher = Pattern.compile("https?://[^/\\s\"]+(" + Pattern.quote(pathPrefix) + "[A-Za-z0-9_.~-]+)")
			.matcher(GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "="));
		assertThat(matcher.find()).as("a link to " + pathPrefix + " in the e-mail").isTrue();
		return matcher.group(1);
	}

	/** Saves what the browser showed when a test failed. */
	static class SaveFailures implements TestWatcher {

		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			if (browser == null) {
				return;
			}
			try {
				Path dir = Files.createDirectories(Path.of("target", "browser-failures"));
				String name = context.getRequiredTestClass().getSimpleName() + "-"
						+ context.getRequiredTestMethod().getName();
				Files.write(dir.resolve(name + ".png"), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
				Files.writeString(dir.resolve(name + ".html"), browser.getPageSource(), StandardCharsets.UTF_8);
				System.err.println("Browser test failed at " + browser.getCurrentUrl()
						+ "; screenshot and page source in " + dir.toAbsolutePath());
			}
			catch (IOException | RuntimeException ex) {
				System.err.println("Could not save the browser's state: " + ex);
			}
		}

	}

}
