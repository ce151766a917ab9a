package dev.glowletter.subscription.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sign-ups per IP address in this instance: a token bucket each, refilled over an hour.
 * The first gate, in memory, exact and cheap: a flood from one place is refused before it
 * reaches the database. The limit across instances is counted in the database, by
 * {@code Subscriptions}; the per-address limit, also there, is what protects inboxes.
 */
@Component
class IpRateLimiter {

	private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final int perHour;

	IpRateLimiter(SubscriptionProperties properties) {
		this.perHour = properties.requestsPerIpPerHour();
	}

	/**
	 * Takes one sign-up from the IP's allowance: zero when it had one, else how long
	 * until it has.
	 */
	Duration acquire(String ip) {
		ConsumptionProbe probe = buckets
			.computeIfAbsent(ip == null ? "unknown" : ip, key -> Bucket.builder()
				.addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)).build())
				.build())
			.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
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
