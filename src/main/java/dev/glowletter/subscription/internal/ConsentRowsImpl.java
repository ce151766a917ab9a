package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link ConsentRows} for {@link Consents}, by Spring Data's naming. */
class ConsentRowsImpl implements ConsentRows {

	private static final String INSERT = """
			INSERT INTO consent (subscriber_id, given_at, ip, user_agent, source, consent_text,
			consent_text_version) VALUES (?, ?, ?, ?, ?, ?, ?)
			""";

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	ConsentRowsImpl(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	@Override
	public void insert(Consent consent) {
		jdbc.sql(INSERT).params(values(consent)).update();
	}

	@Override
	public void insertAll(List<Consent> consents) {
		if (!consents.isEmpty()) {
			batch.batchUpdate(INSERT, consents.stream().map(ConsentRowsImpl::values).toList());
		}
	}

	private static Object[] values(Consent consent) {
		return new Object[] { consent.getSubscriberId(), consent.getGivenAt().atOffset(ZoneOffset.UTC), consent.getIp(),
				consent.getUserAgent(), consent.getSource().name(), consent.getConsentText(),
				consent.getConsentTextVersion() };
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

	@Override
	public Map<String, Instant> nthNewestFromIps(List<String> ips, Instant since, int n) {
		Map<String, Instant> nthNewest = new HashMap<>();
		if (ips.isEmpty()) {
			return nthNewest;
		}
		// Every sign-up of the hour from these addresses, newest first: no more than the
		// limit's count each, as no more are accepted (a few more across instances).
		Map<String, Integer> seen = new HashMap<>();
		jdbc.sql("SELECT ip, given_at FROM consent WHERE ip IN (:ips) AND given_at >= :since "
				+ "ORDER BY ip, given_at DESC")
			.param("ips", ips)
			.param("since", since.atOffset(ZoneOffset.UTC))
			.query(rs -> {
				String ip = rs.getString(1);
				if (seen.merge(ip, 1, Integer::sum) == n) {
					nthNewest.put(ip, rs.getObject(2, OffsetDateTime.class).toInstant());
				}
			});
		return nthNewest;
	}

}
