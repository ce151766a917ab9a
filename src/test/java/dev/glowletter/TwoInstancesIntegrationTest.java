package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two instances of the service on one PostgreSQL and one SMTP server, as in a scaled-out
 * deployment: a 5,000-reader campaign reaches every reader exactly once, and both
 * instances send a share of it. Instances coordinate only through the database.
 */
@OnPostgres
class TwoInstancesIntegrationTest {

	private static final int READERS = 5000;

	private static final String SCHEMA = "glowletter_two_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private static ConfigurableApplicationContext start(String name) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.application.name=" + name,
				"--glowletter.delivery.workers=2", "--glowletter.delivery.campaign-batch=50"));
		arguments.addAll(PostgresAvailable.instanceArguments(SCHEMA));
		return new SpringApplicationBuilder(GlowletterApplication.class).run(arguments.toArray(String[]::new));
	}

	@BeforeAll
	static void startTwoInstances() {
		first = start("first");
		second = start("second");
	}

	@AfterAll
	static void stop() throws Exception {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			if (context != null) {
				context.close();
			}
		}
		PostgresAvailable.dropSchema(SCHEMA);
	}

	@Test
	void everyReaderGetsExactlyOneCopyAndBothInstancesSendAShare() throws Exception {
		TestSmtp.server().purgeEmailFromAllMailboxes();
		JdbcClient jdbc = first.getBean(JdbcClient.class);
		jdbc.sql("""
				INSERT INTO subscriber (email, status, created_at, status_changed_at, confirmed_at,
				token_version, version)
				SELECT 'two-' || n || '@example.org', 'CONFIRMED', now(), now(), now(), 1, 0
				FROM generate_series(1, ?) AS n""").param(READERS).update();
		jdbc.sql(
				"""
						INSERT INTO article (title, url, slug, published_at, published_zone, body, excerpt,
						excerpt_given, created_at, updated_at)
						VALUES ('Microneedling for hair regrowth', 'https://blog.example.org/a', 'a', now(), 'Z', '<p>x</p>', 'What the evidence says.', TRUE, now(), now())""")
			.update();
		long article = jdbc.sql("SELECT id FROM article").query(Long.class).single();

		CampaignService campaigns = first.getBean(CampaignService.class);
		long id = campaigns
			.create(new CampaignContent("Hello from two instances", null, null, "digest", List.of(article)), "test")
			.id();
		campaigns.schedule(id, new CampaignService.Schedule(null, null, true));

		Awaitility.await()
			.atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> "SENT"
				.equals(jdbc.sql("SELECT status FROM campaign WHERE id = ?").param(id).query(String.class).single()));

		Map<String, Integer> copies = new HashMap<>();
		for (MimeMessage message : TestSmtp.server().getReceivedMessages()) {
			Arrays.stream(message.getAllRecipients())
				.map(Object::toString)
				.forEach(to -> copies.merge(to, 1, Integer::sum));
		}
		assertThat(copies).hasSize(READERS);
		assertThat(copies.values()).allMatch(n -> n == 1);
		double sentByFirst = sent(first);
		double sentBySecond = sent(second);
		assertThat(sentByFirst).isPositive();
		assertThat(sentBySecond).isPositive();
		assertThat(sentByFirst + sentBySecond).isEqualTo(READERS);
		assertThat(jdbc.sql("SELECT sent FROM delivery_campaign WHERE campaign_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).isEqualTo(READERS);
	}

	private static double sent(ConfigurableApplicationContext context) {
		return context.getBean(MeterRegistry.class).counter("glowletter.delivery.sent").count();
	}

}
