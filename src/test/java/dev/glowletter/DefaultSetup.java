package dev.glowletter;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as a newcomer starts it: the default profile with no SMTP relay (so the
 * capture server and the dev inbox are on), on a real port, at the default listening
 * address. One for the whole test run, started by the first test that asks; its own
 * in-memory database.
 */
public final class DefaultSetup {

	private static ConfigurableApplicationContext app;

	private DefaultSetup() {
	}

	public static synchronized ConfigurableApplicationContext app() {
		if (app == null) {
			app = SpringApplication.run(GlowletterApplication.class, "--server.port=0",
					"--spring.datasource.url=jdbc:h2:mem:default-setup;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
							+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
					"--glowletter.article.demo-content=false",
					"--glowletter.admin.password=" + IntegrationTest.ADMIN_PASSWORD, "--glowletter.api.basic-auth=true",
					"--glowletter.delivery.poll-interval=100ms", "--glowletter.campaign.poll-initial-delay=1d",
					"--glowletter.subscription.purge-initial-delay=1d");
			Runtime.getRuntime().addShutdownHook(new Thread(app::close));
		}
		return app;
	}

	/** Where it answers, e.g. {@code http://127.0.0.1:41234}. */
	public static String base() {
		return "http://127.0.0.1:" + app().getEnvironment().getProperty("local.server.port");
	}

	/** A browser-like client that keeps cookies and does not follow redirects. */
	public static HttpClient browser() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** Logs the browser in as the admin through the login form. */
	public static void logIn(HttpClient browser) throws IOException, InterruptedException {
		String page = browser
			.send(HttpRequest.newBuilder(URI.create(base() + "/admin/login")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		if (!token.find()) {
			throw new IllegalStateException("No CSRF token on the login page");
		}
		String form = "username=admin&password="
				+ URLEncoder.encode(IntegrationTest.ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(base() + "/admin/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() != 302 || answer.headers().firstValue("Location").orElse("").contains("error")) {
			throw new IllegalStateException("Login failed: " + answer.statusCode() + " " + answer.headers().map());
		}
	}

}
