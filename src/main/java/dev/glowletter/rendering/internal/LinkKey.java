package dev.glowletter.rendering.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The key that signs links: the configured one, or else one generated on the first start
 * and kept in the database, so that every instance and every restart signs alike.
 */
@Component
public class LinkKey {

	private static final Logger log = LoggerFactory.getLogger(LinkKey.class);

	private static final String NAME = "link-key";

	private static final int MIN_LENGTH = 32;

	private final byte[] key;

	// public: the rendering's unit tests build it without Spring (NewsletterFixtures)
	public LinkKey(RenderingProperties properties, JdbcClient jdbc, Clock clock) {
		if (properties.linkKey() != null && properties.linkKey().length() < MIN_LENGTH) {
			// the message names the setting, never its value: it is a secret, and
			// start-up failures are logged
			throw new IllegalStateException("glowletter.rendering.link-key is shorter than " + MIN_LENGTH
					+ " characters; set "
					+ "GLOWLETTER_RENDERING_LINK_KEY to a long random string, or leave it unset to have one generated");
		}
		this.key = (properties.linkKey() != null ? properties.linkKey() : stored(jdbc, clock))
			.getBytes(StandardCharsets.UTF_8);
	}

	public byte[] bytes() {
		return key.clone();
	}

	private static String stored(JdbcClient jdbc, Clock clock) {
		return find(jdbc).orElseGet(() -> {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			try {
				jdbc.sql("INSERT INTO app_secret (name, secret, created_at) VALUES (?, ?, ?)")
					.params(NAME, generated, clock.instant().atOffset(ZoneOffset.UTC))
					.update();
				log.info("Generated the link-signing key and stored it in the database (set "
						+ "glowletter.rendering.link-key to choose one)");
			}
			catch (DuplicateKeyException raced) {
				// another instance stored one first: use that
			}
			return find(jdbc).orElseThrow();
		});
	}

	private static Optional<String> find(JdbcClient jdbc) {
		return jdbc.sql("SELECT secret FROM app_secret WHERE name = ?").param(NAME).query(String.class).optional();
	}

}
