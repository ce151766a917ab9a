package dev.glowletter.subscription.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sign-ups per IP address: a token bucket each, refilled over an hour. Kept in memory: it
 * slows a flood from one place; the per-address limit, kept in the database, is what
 * protects inboxes.
 */
@Component
class IpRateLimiter {

	private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final int perHour;

	IpRateLimiter(SubscriptionProperties properties) {
		this.perHour = properties.requestsPerIpPerHour();
	}

	/** Takes one sign-up from the IP's allowance; false when it has none left. */
	boolean tryAcquire(String ip) {
		return buckets
			.computeIfAbsent(ip == null ? "unknown" : ip, key -> Bucket.builder()
				.addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)).build())
				.build())
			.tryConsume(1);
	}

	/**
	 * Forgets the IPs whose allowance is whole again, so the map does not grow without
	 * end.
	 */
	@Scheduled(fixedDelay = 600_000)
	void forgetRested() {
		buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= perHour);
	}

}
