package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The connections that created the schema do not live for ever (the pool renews each
 * after 30 minutes): sign-ups must work after they are gone. H2 2.4.240 broke every CHECK
 * constraint whose creating connection had closed ("Check constraint invalid"), so a
 * fresh install failed half an hour after its first start.
 */
class ConnectionRenewalIntegrationTest extends ReaderFixtures {

	@Autowired
	DataSource dataSource;

	@Test
	void signUpsWorkAfterThePoolHasRenewedEveryConnection() throws Exception {
		dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
		String email = newAddress("renewed");

		signUp(email).andExpect(redirectedUrl("/check-your-inbox"));

		assertThat(rows("subscriber", "email = ?", email)).isOne();
	}

}
