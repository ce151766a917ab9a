package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import dev.glowletter.AdminApi;
import dev.glowletter.GlowletterApplication;
import dev.glowletter.IntegrationTest;
import dev.glowletter.TestSmtp;
import dev.glowletter.delivery.smtp.ScriptedSmtpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SMTP relay's health check: a real connection and login, its result cached so that
 * health polls do not each open one, a short timeout, and no part in readiness.
 */
@TestPropertySource(properties = { "glowletter.delivery.relay-health-timeout=1s", "glowletter.delivery.workers=1" })
class RelayHealthIntegrationTest extends IntegrationTest {

	static final ScriptedSmtpServer SMTP = new ScriptedSmtpServer();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String RELAY_PASSWORD = "relay-password-4b7e1c";

	/**
	 * Each test starts a day after the one before, so that no earlier check is still
	 * fresh.
	 */
	private static int day;

	@Autowired
	JavaMailSenderImpl mailSettings;

	@Autowired
	RelayHealthIndicator relayHealth;

	@BeforeEach
	void scriptedRelay() {
		SMTP.reset();
		// the sender bean is what every check reads when it connects
		mailSettings.setPort(SMTP.port());
		clock.advance(Duration.ofDays(++day));
	}

	@AfterEach
	void relayBack() {
		SMTP.reset();
		mailSettings.setPort(TestSmtp.port());
		mailSettings.setUsername(null);
		mailSettings.setPassword(null);
		mailSettings.getJavaMailProperties().remove("mail.smtp.auth");
	}

	@Test
	void relayThatAnswersIsUpWithItsAddressAndWhenItWasChecked() throws Exception {
		JsonNode relay = components(adminHealth("/actuator/health")).get("relay");

		assertThat(relay.get("status").asString()).isEqualTo("UP");
		assertThat(relay.get("details").get("relay").asString()).isEqualTo("127.0.0.1:" + SMTP.port());
		assertThat(relay.get("details").get("checkedAt").asString()).isEqualTo(clock.instant().toString());
		assertThat(SMTP.connections()).as("a real connection to the relay").isEqualTo(1);
	}

	@Test
	void onlyTheCachedCheckConnectsNotBootsOwnMailCheck() throws Exception {
		JsonNode components = components(adminHealth("/actuator/health"));

		assertThat(components.has("mail")).as("Boot's mail indicator, which connects on every call").isFalse();
		assertThat(components.has("relay")).isTrue();
	}

	@Test
	void checkLogsInWithTheConfiguredAccount() {
		mailSettings.setUsername("relay-user");
		mailSettings.setPassword(RELAY_PASSWORD);
		mailSettings.getJavaMailProperties().put("mail.smtp.auth", "true");

		assertThat(relayHealth.health().getStatus()).isEqualTo(Status.UP);
		SMTP.rejectLogins(true);
		clock.advance(Duration.ofMinutes(1));
		assertThat(relayHealth.health().getStatus()).as("a refused login is a relay that cannot be used")
			.isEqualTo(Status.DOWN);
	}

	@Test
	void unreachableRelayIsDownWithTheReasonAndSoIsTheOverallHealth() throws Exception {
		mailSettings.setPort(closedPort());

		MockHttpServletResponse response = adminResponse("/actuator/health");
		JsonNode relay = components(JSON.readTree(response.getContentAsString())).get("relay");

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(relay.get("status").asString()).isEqualTo("DOWN");
		assertThat(relay.get("details").get("relay").asString()).isEqualTo("127.0.0.1:" + mailSettings.getPort());
		assertThat(relay.get("details").get("error").asString()).containsIgnoringCase("connect");
	}

	@Test
	void relayRefusingTheLoginIsDownWithItsReplyButNeverThePassword() throws Exception {
		mailSettings.setUsername("relay-user");
		mailSettings.setPassword(RELAY_PASSWORD);
		mailSettings.getJavaMailProperties().put("mail.smtp.auth", "true");
		SMTP.rejectLogins(true);

		String body = adminResponse("/actuator/health").getContentAsString();
		JsonNode relay = components(JSON.readTree(body)).get("relay");

		assertThat(relay.get("status").asString()).isEqualTo("DOWN");
		assertThat(relay.get("details").get("error").asString()).contains("535");
		assertThat(body).doesNotContain(RELAY_PASSWORD);
	}

	@Test
	void secondCallWithinTheCacheTimeOpensNoConnectionAndOneAfterItDoes() throws Exception {
		String first = components(adminHealth("/actuator/health")).get("relay")
			.get("details")
			.get("checkedAt")
			.asString();
		assertThat(SMTP.connections()).isEqualTo(1);

		clock.advance(Duration.ofSeconds(29));
		JsonNode second = components(adminHealth("/actuator/health")).get("relay");
		mvc.perform(get("/actuator/health"));
		mvc.perform(get("/actuator/health/relay"));
		assertThat(SMTP.connections()).as("within the 30 s cache").isEqualTo(1);
		assertThat(second.get("details").get("checkedAt").asString()).isEqualTo(first);

		clock.advance(Duration.ofSeconds(2));
		adminHealth("/actuator/health");
		assertThat(SMTP.connections()).as("after the cache time").isEqualTo(2);
	}

	@Test
	void relayThatNeverAnswersIsDownAfterTheShortTimeoutNotTheSendersThirtySeconds() {
		SMTP.staySilent(true);

		long start = System.nanoTime();
		Health health = relayHealth.health();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(String.valueOf(health.getDetails().get("error"))).containsIgnoringCase("timed out");
	}

	@Test
	void whileOneCheckWaitsOnTheRelayOtherHealthCallsGetTheLastResultAtOnce() throws Exception {
		assertThat(relayHealth.health().getStatus()).isEqualTo(Status.UP);
		SMTP.staySilent(true);
		clock.advance(Duration.ofSeconds(31));

		CompletableFuture<Health> waiting = CompletableFuture.supplyAsync(relayHealth::health);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> SMTP.connections() == 2);
		long start = System.nanoTime();
		Health meanwhile = relayHealth.health();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
		assertThat(meanwhile.getStatus()).as("the last result").isEqualTo(Status.UP);
		assertThat(waiting.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.DOWN);
		assertThat(SMTP.connections()).as("one check at a time").isEqualTo(2);
	}

	@Test
	void readinessHasTheDatabaseAndStaysUpWhileTheRelayIsDown() throws Exception {
		mailSettings.setPort(closedPort());
		assertThat(adminResponse("/actuator/health").getStatus()).isEqualTo(503);

		MockHttpServletResponse readiness = adminResponse("/actuator/health/readiness");
		JsonNode components = components(JSON.readTree(readiness.getContentAsString()));

		assertThat(readiness.getStatus()).isEqualTo(200);
		assertThat(components.has("db")).isTrue();
		assertThat(components.has("readinessState")).isTrue();
		assertThat(components.has("relay")).isFalse();
		assertThat(mvc.perform(get("/actuator/health/readiness")).andReturn().getResponse().getStatus())
			.as("the load balancer's anonymous probe")
			.isEqualTo(200);
	}

	@Test
	void withoutARelayTheCheckGoesToTheEmbeddedCaptureServer() {
		try (ConfigurableApplicationContext dev = SpringApplication.run(GlowletterApplication.class, "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:relay-health-dev;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
						+ "DEFAULT_NULL_ORDERING=HIGH",
				"--glowletter.admin.password=" + ADMIN_PASSWORD, "--glowletter.article.demo-content=false",
				"--glowletter.delivery.workers=1")) {
			Health health = dev.getBean(RelayHealthIndicator.class).health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails().get("relay"))
				.isEqualTo("127.0.0.1:" + dev.getBean(GreenMail.class).getSmtp().getPort());
		}
	}

	private JsonNode adminHealth(String path) throws Exception {
		return JSON.readTree(adminResponse(path).getContentAsString());
	}

	private MockHttpServletResponse adminResponse(String path) throws Exception {
		return mvc.perform(get(path).with(AdminApi.admin())).andReturn().getResponse();
	}

	private static JsonNode components(JsonNode health) {
		return health.get("components");
	}

	private static int closedPort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
