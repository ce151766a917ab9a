package dev.glowletter.campaign.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.glowletter.campaign.DigestService;
import dev.glowletter.delivery.CampaignDeliveries;
import dev.glowletter.delivery.DeliveryProgress;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The poller. Every few seconds it runs the digests that are due, starts the campaigns
 * whose time has come (each won by exactly one instance through
 * {@link CampaignTransitions}, then handed to the delivery engine), and marks sent the
 * ones with nothing left queued or in flight.
 */
@Component
class CampaignScheduler {

	private static final Logger log = LoggerFactory.getLogger(CampaignScheduler.class);

	private final CampaignTransitions transitions;

	private final CampaignDeliveries deliveries;

	private final DigestService digests;

	private final CampaignProperties properties;

	private final Clock clock;

	private final Set<Long> stalled = ConcurrentHashMap.newKeySet();

	CampaignScheduler(CampaignTransitions transitions, CampaignDeliveries deliveries, DigestService digests,
			CampaignProperties properties, Clock clock, MeterRegistry meters) {
		this.transitions = transitions;
		this.deliveries = deliveries;
		this.digests = digests;
		this.properties = properties;
		this.clock = clock;
		meters.gaugeCollectionSize("glowletter.campaigns.stalled", List.of(), stalled);
	}

	@Scheduled(fixedDelayString = "${glowletter.campaign.poll-interval:5s}",
			initialDelayString = "${glowletter.campaign.poll-initial-delay:3s}")
	void tick() {
		try {
			digests.runDue();
			startDue();
			completeFinished();
			watch();
		}
		catch (RuntimeException ex) {
			log.error("The campaign poller failed; trying again at the next poll", ex);
		}
	}

	/** Starts each due campaign this instance wins; returns how many it won. */
	int startDue() {
		Instant now = clock.instant();
		Instant missedBefore = now.minus(properties.gracePeriod());
		int won = 0;
		for (CampaignTransitions.Due campaign : transitions.due(now)) {
			if (campaign.scheduledAt().isBefore(missedBefore)) {
				String reason = "Not sent: it was due at " + campaign.scheduledAt() + " while the service was down,"
						+ " more than " + properties.gracePeriod() + " ago. Resume it to send it now, or cancel it.";
				if (transitions.holdBackIfMissed(campaign.id(), missedBefore, reason, now)) {
					log.warn("Campaign {} was due at {}, past the grace period: paused instead of sent late",
							campaign.id(), campaign.scheduledAt());
				}
				continue;
			}
			if (transitions.startIfDue(campaign.id(), now)) {
				won++;
				log.info("Campaign {} is due: sending", campaign.id());
				// a crash right here leaves the campaign SENDING with no queue:
				// completeFinished() queues it
				deliveries.start(campaign.id());
			}
		}
		return won;
	}

	/**
	 * The watchdog: a campaign that is sending, has copies left, and sent nothing for a
	 * while is reported (a warning in the log, the {@code glowletter.campaigns.stalled}
	 * gauge, and {@code progress.stalled} in the API) instead of staying silent.
	 */
	void watch() {
		Set<Long> now = new HashSet<>();
		for (long id : transitions.sending()) {
			if (deliveries.progress(id).stalledAt(clock.instant(), properties.stallAfter())) {
				now.add(id);
				if (!stalled.contains(id)) {
					log.warn("Campaign {} is SENDING but nothing went out for {}: check the SMTP relay and the "
							+ "workers' log", id, properties.stallAfter());
				}
			}
		}
		stalled.retainAll(now);
		stalled.addAll(now);
	}

	/** A campaign whose every copy has gone (or failed for good) is sent. */
	void completeFinished() {
		for (long id : transitions.sending()) {
			DeliveryProgress progress = deliveries.progress(id);
			if (progress.state() == null || progress.filling()) {
				// won, but the instance died before its queue was filled: fill on
				deliveries.start(id);
				continue;
			}
			if (deliveries.isComplete(id)) {
				if (transitions.finishIfSending(id, clock.instant())) {
					log.info("Campaign {} is sent", id);
				}
			}
		}
	}

}
