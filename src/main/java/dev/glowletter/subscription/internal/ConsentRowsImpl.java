package dev.glowletter.subscription.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link ConsentRows} for {@link Consents}, by Spring Data's naming. */
class ConsentRowsImpl implements ConsentRows {

	private static final String INSERT = """
			INSERT INTO consent (subscriber_id, given_at, ip, user_agent, source, consent_text,
			consent_text_version) VALUES (?, ?, ?, ?, ?, ?, ?)
			""";

	/** The {@code n}-th newest consent from one IP address since a time. */
	private static final String NTH_NEWEST = """
			SELECT ip, given_at FROM consent WHERE ip = ? AND given_at >= ? ORDER BY given_at DESC
			OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY""";

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
		return jdbc.sql(NTH_NEWEST)
			.params(ip, since.atOffset(ZoneOffset.UTC), n - 1)
			.query((rs, row) -> rs.getObject(2, OffsetDateTime.class).toInstant())
			.optional();
	}

	@Override
	public Map<String, Instant> nthNewestFromIps(List<String> ips, Instant since, int n) {
		Map<String, Instant> nthNewest = new HashMap<>();
		if (ips.isEmpty()) {
			return nthNewest;
		}
		// one query of the one-address queries, each on the index as it is alone; as
		// many as the next power of two (the first again), so that a few texts of the
		// query serve every group and stay prepared
		int queries = Integer.highestOneBit(ips.size() * 2 - 1);
		StringJoiner sql = new StringJoiner(" UNION ALL ");
		List<Object> params = new ArrayList<>(queries * 3);
		for (int i = 0; i < queries; i++) {
			sql.add("(" + NTH_NEWEST + ")");
			params.add(ips.get(i < ips.size() ? i : 0));
			params.add(since.atOffset(ZoneOffset.UTC));
			params.add(n - 1);
		}
		jdbc.sql(sql.toString()).params(params).query(rs -> {
			nthNewest.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
		});
		return nthNewest;
	}

}
