package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.glowletter.campaign.internal.CampaignPoller;
import dev.glowletter.delivery.CampaignDeliveries;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcPrint;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service runs with known secrets (the SMTP relay's password, the admin password, the
 * database password and the link-signing key) through flows that log a lot, failures
 * above all: none of the secrets shows up in the log or in any answer. The relay knows
 * another password for its user, so every login to it fails.
 */
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:secrets-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=glowletter",
		"spring.datasource.password=" + SecretsInLogsIntegrationTest.DB_PASSWORD, "spring.mail.username=relay-user",
		"spring.mail.password=" + SecretsInLogsIntegrationTest.SMTP_PASSWORD,
		"spring.mail.properties.mail.smtp.auth=true",
		// scripts that keep HTTP Basic on: their passwords must not reach the log either
		"glowletter.api.basic-auth=true", "glowletter.admin.password=" + SecretsInLogsIntegrationTest.ADMIN_SECRET,
		"glowletter.rendering.link-key=" + SecretsInLogsIntegrationTest.LINK_KEY,
		"glowletter.rendering.templates-dir=email-templates", "glowletter.article.demo-content=false",
		"glowletter.delivery.poll-interval=100ms", "glowletter.delivery.workers=1",
		"glowletter.delivery.pause-after-connection-failures=1", "glowletter.delivery.relay-probe-interval=1h",
		"glowletter.campaign.poll-interval=1d", "glowletter.campaign.poll-initial-delay=1d" })
// MockMvc's own dump of requests would show the passwords the test sends
@AutoConfigureMockMvc(print = MockMvcPrint.NONE)
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsIntegrationTest {

	static final String SMTP_PASSWORD = "smtp-secret-Qx81vZ";

	static final String ADMIN_SECRET = "admin-secret-Lm52kT";

	static final String DB_PASSWORD = "db-secret-Rw39pJ";

	static final String LINK_KEY = "link-key-secret-Hs74nC-0123456789abcdef";

	private static final List<String> SECRETS = List.of(SMTP_PASSWORD, ADMIN_SECRET, DB_PASSWORD, LINK_KEY);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A relay whose user has another password than the one the service is given. */
	private static final GreenMail RELAY = relay();

	@Autowired
	MockMvc mvc;

	@Autowired
	JavaMailSenderImpl mailSettings;

	@Autowired
	CampaignDeliveries deliveries;

	@Autowired
	ApplicationContext context;

	/** Every answer a test got, checked for secrets with the log. */
	private final List<String> answers = new ArrayList<>();

	private static GreenMail relay() {
		GreenMail relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
			.withConfiguration(GreenMailConfiguration.aConfig().withUser("relay-user", "the-relays-own-password"));
		relay.start();
		return relay;
	}

	@DynamicPropertySource
	static void smtp(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> RELAY.getSmtp().getPort());
	}

	@AfterAll
	static void stopRelay() {
		RELAY.stop();
	}

	@AfterEach
	void relayBack() {
		mailSettings.setPort(RELAY.getSmtp().getPort());
	}

	@Test
	void refusedRelayLoginForAConfirmationMailIsLoggedWithTheRelaysReplyAndNoSecret(CapturedOutput output)
			throws Exception {
		call(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\": \"reader@example.org\", \"consent\": true}"), 202);

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> output.getAll().contains("to reader@example.org failed for now"));
		assertThat(output.getAll()).containsPattern(
				"to reader@example\\.org failed for now \\(535 5\\.7\\.8 +Authentication credentials invalid");
		assertNoSecretIn(output);
	}

	@Test
	void campaignToARelayThatRefusesTheLoginPausesAndLogsNoSecret(CapturedOutput output) throws Exception {
		long campaign = campaign();
		Readers.confirmed(context.getBean(JdbcClient.class), "campaign-reader@example.org", null);
		call(admin(post("/api/campaigns/" + campaign + "/schedule")).contentType(MediaType.APPLICATION_JSON)
			.content("{\"now\": true}"), 200);
		new CampaignPoller(context).tick();

		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> output.getAll().contains("Campaign " + campaign + " paused itself"));
		assertThat(deliveries.probeRelay()).isEmpty();
		assertThat(output.getAll()).contains("still unreachable");
		assertThat(call(admin(get("/api/campaigns/" + campaign)), 200)).as("the pause names the relay's reply")
			.containsPattern("statusReason\":\"[^\"]*535");
		assertNoSecretIn(output);
	}

	@Test
	void testSendToAnUnreachableRelayLogsNoSecret(CapturedOutput output) throws Exception {
		long campaign = campaign();
		mailSettings.setPort(closedPort());
		call(admin(post("/api/campaigns/" + campaign + "/test")).contentType(MediaType.APPLICATION_JSON)
			.content("{\"addresses\": [\"editor@example.org\"]}"), 200);

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> output.getAll().contains("to editor@example.org failed for now"));
		assertNoSecretIn(output);
	}

	@Test
	void healthOfTheRefusingRelayShowsItsReplyAndNoSecret(CapturedOutput output) throws Exception {
		String health = call(admin(get("/actuator/health")), 503);
		call(get("/actuator/health"), 503);
		call(get("/actuator/health/readiness"), 200);
		call(admin(get("/actuator/health/readiness")), 200);

		assertThat(JSON.readTree(health).get("components").get("relay").get("details").get("error").asString())
			.contains("535");
		assertNoSecretIn(output);
	}

	@Test
	void failedAdminLoginsAndTheThrottleLogNoPassword(CapturedOutput output) throws Exception {
		// wrong passwords that contain the right one: a log of what was typed would show
		// it
		for (int i = 0; i < 3; i++) {
			call(post("/admin/login").with(csrf())
				.with(from("10.9.0.1"))
				.param("username", "admin")
				.param("password", ADMIN_SECRET + "-typo" + i), 302);
		}
		for (int i = 0; i < 3; i++) {
			call(get("/api/campaigns").with(httpBasic("admin", ADMIN_SECRET + "-typo" + i)).with(from("10.9.0.1")),
					i < 2 ? 401 : 429);
		}
		call(get("/api/campaigns").with(httpBasic("admin", ADMIN_SECRET)).with(from("10.9.0.2")), 200);
		call(post("/admin/login").with(csrf())
			.with(from("10.9.0.3"))
			.param("username", "admin")
			.param("password", ADMIN_SECRET), 302);

		assertThat(output.getAll()).contains("failed admin logins from 10.9.0.1")
			.as("a password that is set is never printed")
			.doesNotContain("generated password");
		assertNoSecretIn(output);
	}

	@Test
	void badRequestsAreAnsweredWithProblemDetailsThatRepeatNoSecret(CapturedOutput output) throws Exception {
		call(admin(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON).content("{\"subject\": "), 400);
		call(admin(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON).content("{\"subject\": \"\"}"), 400);
		call(admin(get("/api/campaigns/not-a-number")), 400);
		call(admin(get("/api/campaigns/987654")), 404);
		call(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON).content("{\"email\": \"no address\"}"),
				400);
		call(get("/unsubscribe/forged-token"), 404);

		assertThat(answers).anySatisfy(answer -> assertThat(answer).contains("\"status\":400"));
		assertNoSecretIn(output);
	}

	@Test
	void configurationEndpointsAreNotExposedToAnyoneAndTheExposedOnesShowNoSecret(CapturedOutput output)
			throws Exception {
		for (String endpoint : List.of("env", "configprops", "beans", "heapdump", "threaddump", "loggers",
				"mappings")) {
			call(get("/actuator/" + endpoint), 401);
			call(admin(get("/actuator/" + endpoint)), 404);
		}
		call(admin(get("/actuator/info")), 200);
		call(admin(get("/actuator/prometheus")), 200);
		call(admin(get("/actuator")), 200);

		assertNoSecretIn(output);
	}

	@Test
	void tooShortLinkKeyStopsStartUpWithoutPrintingIt(CapturedOutput output) {
		String shortKey = "short-link-key-Vb62";
		assertThatThrownBy(() -> SpringApplication.run(GlowletterApplication.class, "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:secrets-short-key;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH",
				"--glowletter.admin.password=" + ADMIN_SECRET, "--glowletter.rendering.link-key=" + shortKey))
			.satisfies(failure -> assertThat(messages(failure)).doesNotContain(shortKey));

		assertThat(output.getAll()).contains("glowletter.rendering.link-key").doesNotContain(shortKey);
	}

	private long campaign() throws Exception {
		String article = JSON.writeValueAsString(Map.of("title", "Sunscreen", "url",
				"https://blog.example.org/sunscreen-" + System.nanoTime(), "publishedAt",
				OffsetDateTime.now().minusDays(1).toString(), "body", "<p>Every day, all year.</p>"));
		long articleId = JSON
			.readTree(call(admin(post("/api/articles")).contentType(MediaType.APPLICATION_JSON).content(article), 201))
			.get("id")
			.asLong();
		String campaign = JSON.writeValueAsString(Map.of("subject", "Secrets test", "articleIds", List.of(articleId)));
		return JSON
			.readTree(
					call(admin(post("/api/campaigns")).contentType(MediaType.APPLICATION_JSON).content(campaign), 201))
			.get("id")
			.asLong();
	}

	/**
	 * Makes the request, keeps its answer (body and headers) for the secrets check, and
	 * returns the body.
	 */
	private String call(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
		MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
		String body = response.getContentAsString(StandardCharsets.UTF_8);
		answers.add(body + "\n"
				+ response.getHeaderNames().stream().map(name -> name + ": " + response.getHeaders(name)).toList());
		assertThat(response.getStatus()).as(response.getStatus() + " " + body).isEqualTo(expectedStatus);
		return body;
	}

	private void assertNoSecretIn(CapturedOutput output) {
		for (String secret : SECRETS) {
			String encoded = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
			assertThat(output.getAll()).as("the log").doesNotContain(secret).doesNotContain(encoded);
			assertThat(answers).as("the answers").noneSatisfy(answer -> assertThat(answer).contains(secret));
		}
	}

	private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
		return request.with(httpBasic("admin", ADMIN_SECRET));
	}

	private static RequestPostProcessor from(String address) {
		return request -> {
			request.setRemoteAddr(address);
			return request;
		};
	}

	private static int closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

}
