package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link ConsentRows} for {@link Consents}, by Spring Data's naming. */
class ConsentRowsImpl implements ConsentRows {

	private final JdbcClient jdbc;

	ConsentRowsImpl(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void insert(Consent consent) {
		jdbc.sql("""
				INSERT INTO consent (subscriber_id, given_at, ip, user_agent, source, consent_text,
				consent_text_version) VALUES (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(consent.getSubscriberId(), consent.getGivenAt().atOffset(ZoneOffset.UTC), consent.getIp(),
					consent.getUserAgent(), consent.getSource().name(), consent.getConsentText(),
					consent.getConsentTextVersion())
			.update();
	}

	@Override
	public Optional<Instant> nthNewestFromIp(String ip, Instant since, int n) {
		return jdbc.sql("""
				SELECT given_at FROM consent WHERE ip = ? AND given_at >= ? ORDER BY given_at DESC
				OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY
				""")
			.params(ip, since.atOffset(ZoneOffset.UTC), n - 1)
			.query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
			.optional();
	}

}
