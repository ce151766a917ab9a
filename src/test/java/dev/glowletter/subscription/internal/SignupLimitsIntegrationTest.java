package dev.glowletter.subscription.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import dev.glowletter.IntegrationTest;
import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.EmailAddress;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The sign-up limits at full speed and across instances: the per-IP count kept in the
 * database (what another instance stored counts), and the gate that answers a flood
 * beyond what the service takes at once with a fast 503 and Retry-After.
 */
class SignupLimitsIntegrationTest extends IntegrationTest {

	@Autowired
	SignupGate gate;

	@Autowired
	SubscriptionProperties properties;

	@Autowired
	Subscribers subscribers;

	@Autowired
	Consents consents;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SignupShedding shedding;

	@Autowired
	SignupGroups groups;

	private ResultActions signUp(String email, String ip) throws Exception {
		return mvc.perform(post("/api/subscriptions").with(request -> {
			request.setRemoteAddr(ip);
			return request;
		}).contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"" + email + "\",\"consent\":true}"));
	}

	private boolean known(String email) {
		return jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = ?").param(email).query(Long.class).single() > 0;
	}

	@Autowired
	DataSource dataSource;

	@Test
	void signUpsArrivingTogetherShareACommitOnH2AndNotOnPostgres() throws Exception {
		// unset, the setting follows the database: each commit writes to H2's file, and
		// on PostgreSQL a group's statements in series were slower than side by side
		assertThat(properties.groupCommit()).isNull();
		String database = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		assertThat(database).isIn("H2", "PostgreSQL");
		assertThat(groups.isOn()).as(database).isEqualTo("H2".equals(database));
		// grouped, a turn holds no connection: the gate lets in more, and a group may
		// take every one of them that waits
		assertThat(gate.size()).as(database)
			.isEqualTo("H2".equals(database) ? properties.groupSize() : properties.concurrentSignups());
		if (groups.isOn()) {
			assertThat(groups.largest()).isEqualTo(gate.size());
		}
	}

	@Test
	void signUpsThatAnotherInstanceStoredFromAnIpCountTowardsItsLimitHere() throws Exception {
		String ip = "192.0.2.77";
		String tag = "other-instance-" + System.nanoTime();
		Instant now = clock.instant();
		// what another instance accepted from the IP in the last hour: this one's own
		// limiter, in memory, never saw them
		Instant oldest = now.minus(Duration.ofMinutes(50));
		for (int i = 0; i < properties.requestsPerIpPerHour(); i++) {
			Subscriber reader = subscribers
				.saveAndFlush(new Subscriber(EmailAddress.parse(tag + "-" + i + "@example.org"), null, now));
			consents.saveAndFlush(new Consent(reader.getId(), i == 0 ? oldest : now.minusSeconds(60), ip, "curl",
					ConsentSource.API, "Yes", "1"));
		}
		String over = tag + "-over@example.org";

		signUp(over, ip).andExpect(status().isTooManyRequests())
			// the oldest of them leaves the hour in ten minutes
			.andExpect(header().string("Retry-After", "600"))
			.andExpect(jsonPath("$.detail").value(Matchers.containsString("from your network")));

		assertThat(known(over)).isFalse();
		// an hour after the oldest, its place is free again
		clock.advance(Duration.ofMinutes(10).plusSeconds(1));
		signUp(over, ip).andExpect(status().isAccepted());
		assertThat(known(over)).isTrue();
	}

	@Test
	void aSignUpThatFindsNoTurnInTimeIsAnswered503WithRetryAfterAndStoresNothingWhileOthersGoOn() throws Exception {
		// every turn taken by sign-ups of other addresses still under way
		List<SignupGate.Turn> underWay = new ArrayList<>();
		for (int i = 0; i < gate.size(); i++) {
			SignupGate.Turn turn = gate
				.enter(EmailAddress.parse("under-way-" + i + "-" + System.nanoTime() + "@example.org"));
			assertThat(turn).isNotNull();
			underWay.add(turn);
		}
		String email = "gate-" + System.nanoTime() + "@example.org";
		try {
			signUp(email, "192.0.2.78").andExpect(status().isServiceUnavailable())
				.andExpect(header().string("Retry-After", "2"))
				.andExpect(jsonPath("$.status").value(503));
		}
		finally {
			underWay.forEach(SignupGate.Turn::close);
		}
		assertThat(known(email)).isFalse();

		signUp(email, "192.0.2.78").andExpect(status().isAccepted());
		assertThat(known(email)).isTrue();
		assertThat(awaitMails(email, 1)).hasSize(1);
	}

	@Test
	void aFormSignUpShedInFrontOfEverythingGetsTheSamePleaseWaitPageAsTheOthers() throws Exception {
		String page = new String(shedding.page(), StandardCharsets.UTF_8);

		assertThat(page).contains("<title>Please wait a little</title>")
			.contains("Beauty resources, tips, and news")
			.contains("Many people are signing up right now. Please try again in a moment.")
			.contains("/css/glow.css");
	}

}
