package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one secret the log may show: when no admin password is set, the one generated at
 * start-up is printed there, once, so that the operator can log in; nothing prints it
 * again. (With a password set, nothing is printed: {@link SecretsInLogsIntegrationTest}.)
 */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminPasswordIntegrationTest {

	private static final Pattern GENERATED = Pattern.compile("Admin login: user 'admin', generated password: (\\S+)");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void generatedPasswordIsPrintedAtStartUpOnlyAndLogsIn(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext app = SpringApplication.run(GlowletterApplication.class, "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:generated-admin-password;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH",
				"--glowletter.article.demo-content=false", "--glowletter.delivery.workers=1",
				"--glowletter.api.basic-auth=true")) {
			Matcher printed = GENERATED.matcher(output.getAll());
			assertThat(printed.find()).as("the generated password is printed").isTrue();
			String password = printed.group(1);
			long printedAtStartUp = occurrences(output.getAll(), password);
			assertThat(output.getAll().lines().filter(line -> line.contains(password))).as("only on the start-up line")
				.allMatch(line -> GENERATED.matcher(line).find());

			String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
			List<HttpResponse<String>> answers = List.of(get(base + "/api/campaigns", password),
					get(base + "/api/campaigns", password + "-typo"), get(base + "/actuator/health", password),
					get(base + "/api/campaigns/not-a-number", password));

			assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 401, 200, 400);
			assertThat(answers).extracting(HttpResponse::body).noneMatch(body -> body.contains(password));
			assertThat(occurrences(output.getAll(), password)).as("printed again after start-up")
				.isEqualTo(printedAtStartUp);
		}
	}

	private HttpResponse<String> get(String url, String password) throws Exception {
		String credentials = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
		return http.send(
				HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + credentials).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static long occurrences(String text, String part) {
		return Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
	}

}
