package dev.glowletter.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.glowletter.GlowletterApplication;
import dev.glowletter.Readers;
import dev.glowletter.article.Editorial;
import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.CampaignView;
import dev.glowletter.campaign.DigestService;
import dev.glowletter.campaign.DigestSettings;
import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Not a test: every admin page at 1280 px and 360 px width, for a person to look at.
 * Starts the application (H2 in a temporary folder, mail to the embedded capture server),
 * gives it readers with some history, three articles, a sent campaign, a draft and a
 * digest, logs in with headless Chromium and saves one PNG per page and width. Run by
 * {@code docs/screenshots}.
 *
 * <p>
 * Argument: the folder to write to (default {@code target/screenshots}).
 */
public final class AdminScreenshots {

	private static final String PASSWORD = "screenshots-" + UUID.randomUUID();

	private AdminScreenshots() {
	}

	public static void main(String[] args) throws Exception {
		Path out = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/screenshots"));
		List<String> missing = BrowserAvailable.missing();
		if (!missing.isEmpty()) {
			throw new IllegalStateException("Screenshots need " + String.join(" and ", missing)
					+ " (apt-get install chromium chromium-driver)");
		}
		Path data = Files.createTempDirectory("glowletter-screenshots");
		// as command-line arguments: they win over application.yml (default properties
		// would not)
		ConfigurableApplicationContext app = new SpringApplicationBuilder(GlowletterApplication.class).run(
				"--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + data.resolve("glowletter")
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;" + "DEFAULT_NULL_ORDERING=HIGH",
				"--glowletter.admin.password=" + PASSWORD, "--glowletter.article.demo-content=false",
				"--glowletter.rendering.templates-dir=email-templates", "--glowletter.campaign.poll-interval=500ms",
				"--glowletter.campaign.poll-initial-delay=500ms", "--logging.level.root=WARN",
				"--spring.main.banner-mode=off");
		WebDriver browser = null;
		try {
			Map<String, String> pages = seed(app);
			browser = chromium(data.resolve("chromium"));
			String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
			logIn(browser, base);
			for (int width : new int[] { 1280, 360 }) {
				for (Map.Entry<String, String> page : pages.entrySet()) {
					Path file = out.resolve(page.getKey() + "-" + width + ".png");
					Files.write(file, shoot(browser, base + page.getValue(), width));
					System.out.println(file);
				}
			}
		}
		finally {
			if (browser != null) {
				browser.quit();
			}
			app.close();
			try (Stream<Path> files = Files.walk(data)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/** What the pages show, and the pages to take by name. */
	private static Map<String, String> seed(ConfigurableApplicationContext app) {
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		Editorial editorial = app.getBean(Editorial.class);
		CampaignService campaigns = app.getBean(CampaignService.class);
		DigestService digests = app.getBean(DigestService.class);
		long hair = article(editorial, "Microneedling for hair regrowth: what the studies say",
				"https://blog.example.org/microneedling");
		long evening = article(editorial, "A gentle evening skin-care routine",
				"https://blog.example.org/evening-routine");
		long sunscreen = article(editorial, "Sunscreen myths, busted", "https://blog.example.org/sunscreen");
		for (int i = 0; i < 24; i++) {
			long id = Readers.confirmed(jdbc, "reader" + i + "@example.org", i % 3 == 0 ? null : "Reader " + i);
			// some history, so that the growth chart has something to show
			for (int e = 0; e <= i % 4; e++) {
				jdbc.sql("INSERT INTO subscriber_event (subscriber_id, type, occurred_at) VALUES (?, ?, ?)")
					.params(id, (i + e) % 7 == 0 ? "UNSUBSCRIBED" : "CONFIRMED",
							OffsetDateTime.now(ZoneOffset.UTC).minusDays((i * 5L + e * 3L) % 29))
					.update();
			}
		}
		CampaignView sent = campaigns.create(new CampaignContent("Hair and skin, this week",
				"Two reads for the weekend", "Hello!", "digest", List.of(hair, evening)), "admin");
		campaigns.schedule(sent.id(), new CampaignService.Schedule(null, null, true));
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> campaigns.get(sent.id()).status() == CampaignStatus.SENT);
		CampaignView draft = campaigns.create(
				new CampaignContent("Sunscreen season", null, "Spring is here.", "digest", List.of(sunscreen)),
				"admin");
		long digest = digests
			.create(new DigestSettings("Weekly digest", "0 9 * * MON", "Europe/Paris", "digest",
					"Your beauty digest, {date}", null, 5, null))
			.id();
		long subscriber = jdbc.sql("SELECT MIN(id) FROM subscriber").query(Long.class).single();

		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("dashboard", "/admin");
		pages.put("subscribers", "/admin/subscribers");
		pages.put("subscriber", "/admin/subscribers/" + subscriber);
		pages.put("subscriber-erase", "/admin/subscribers/" + subscriber + "/erase");
		pages.put("import", "/admin/subscribers/import");
		pages.put("articles", "/admin/articles");
		pages.put("article-new", "/admin/articles/new");
		pages.put("article-edit", "/admin/articles/" + hair);
		pages.put("campaigns", "/admin/campaigns");
		pages.put("campaign-new", "/admin/campaigns/new");
		pages.put("campaign-draft", "/admin/campaigns/" + draft.id());
		pages.put("campaign-edit", "/admin/campaigns/" + draft.id() + "/edit");
		pages.put("campaign-report", "/admin/campaigns/" + sent.id());
		pages.put("digests", "/admin/digests");
		pages.put("digest-edit", "/admin/digests/" + digest);
		pages.put("not-found", "/admin/campaigns/999999");
		return pages;
	}

	private static long article(Editorial editorial, String title, String url) {
		return editorial
			.create(new Editorial.Draft(title, url, "", "", "", "", "",
					"<p>" + title
							+ ". Everything you wanted to know, and a little more, in a few minutes of reading.</p>",
					""))
			.id();
	}

	private static WebDriver chromium(Path profile) {
		// no Selenium Manager: the driver and the browser are named
		System.setProperty("webdriver.chrome.driver", BrowserAvailable.CHROMEDRIVER.toString());
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BrowserAvailable.CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,900", "--hide-scrollbars", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(BrowserAvailable.CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		WebDriver browser = new ChromeDriver(service, options);
		browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return browser;
	}

	private static void logIn(WebDriver browser, String base) {
		browser.get(base + "/admin/login");
		browser.findElement(By.id("username")).sendKeys("admin");
		browser.findElement(By.id("password")).sendKeys(PASSWORD);
		browser.findElement(By.cssSelector("form button[type=submit]")).click();
		new WebDriverWait(browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("nav[aria-label='Admin sections']")));
	}

	/**
	 * The whole page at that width: the window is made as tall as the page (at most 4,000
	 * px).
	 */
	private static byte[] shoot(WebDriver browser, String url, int width) throws InterruptedException {
		browser.manage().window().setSize(new Dimension(width, 900));
		browser.get(url);
		// the editor's live preview, the cron helper and the progress bars fill in a
		// moment after the page loads
		Thread.sleep(700);
		// the window's own bars take some of its height from the page
		long height = (Long) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight");
		browser.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height, 600), 4000)));
		Thread.sleep(200);
		return ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
	}

}
