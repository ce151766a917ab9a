package dev.glowletter.rendering;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.internal.LinkKey;
import org.springframework.stereotype.Component;

/**
 * Links that need no login and never expire: an id and a version, signed with
 * HMAC-SHA256. They carry no e-mail address; a changed byte makes them worthless.
 */
@Component
public class SignedLinks {

	private static final int MAC_BYTES = 16;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	private final GlowletterProperties properties;

	SignedLinks(LinkKey linkKey, GlowletterProperties properties) {
		this.key = new SecretKeySpec(linkKey.bytes(), "HmacSHA256");
		this.properties = properties;
	}

	/** What a valid token names. */
	public record Signed(long id, int version) {
	}

	/** A token for {@code purpose} (e.g. "unsubscribe"), naming an id and its version. */
	public String token(String purpose, long id, int version) {
		return token(purpose, ByteBuffer.allocate(12).putLong(id).putInt(version).array());
	}

	/** What the token names, if it was signed by us for that purpose. */
	public Optional<Signed> verify(String purpose, String token) {
		return payload(purpose, token, 12).map(payload -> new Signed(payload.getLong(), payload.getInt()));
	}

	/** A token for {@code purpose} naming the payload, signed. */
	public String token(String purpose, byte[] payload) {
		byte[] mac = mac(purpose, payload);
		byte[] token = Arrays.copyOf(payload, payload.length + MAC_BYTES);
		System.arraycopy(mac, 0, token, payload.length, MAC_BYTES);
		return ENCODER.encodeToString(token);
	}

	/**
	 * The payload of {@code payloadBytes} bytes a token names, if we signed it for that
	 * purpose; a token of another length, altered, or not spelt as we spell it is
	 * nothing.
	 */
	public Optional<ByteBuffer> payload(String purpose, String token, int payloadBytes) {
		int bytes = payloadBytes + MAC_BYTES;
		if (token == null || token.length() != (bytes * 8 + 5) / 6) {
			return Optional.empty();
		}
		byte[] raw;
		try {
			raw = Base64.getUrlDecoder().decode(token);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		// the last character has padding bits a decoder ignores: only the canonical
		// spelling counts
		if (raw.length != bytes || !ENCODER.encodeToString(raw).equals(token)) {
			return Optional.empty();
		}
		byte[] payload = Arrays.copyOf(raw, payloadBytes);
		byte[] given = Arrays.copyOfRange(raw, payloadBytes, raw.length);
		byte[] expected = Arrays.copyOf(mac(purpose, payload), MAC_BYTES);
		if (!MessageDigest.isEqual(given, expected)) {
			return Optional.empty();
		}
		return Optional.of(ByteBuffer.wrap(payload));
	}

	/**
	 * The HMAC-SHA256 of a payload for {@code purpose} with the link key (e.g. the VERP
	 * envelope senders'), all 32 bytes.
	 */
	public byte[] signature(String purpose, byte[] payload) {
		return mac(purpose, payload);
	}

	/** The reader's unsubscribe page, also the RFC 8058 one-click target. */
	public String unsubscribeUrl(long subscriberId, int version) {
		return properties.link("/unsubscribe/" + token("unsubscribe", subscriberId, version));
	}

	// one Mac per thread, keyed once: the send loop signs a link for every reader
	private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	private byte[] mac(String purpose, byte[] payload) {
		Mac mac = macs.get();
		mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
		mac.update((byte) 0);
		return mac.doFinal(payload);
	}

}
