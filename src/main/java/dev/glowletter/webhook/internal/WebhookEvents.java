package dev.glowletter.webhook.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.glowletter.campaign.CampaignFinished;
import dev.glowletter.campaign.CampaignPaused;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignStarted;
import dev.glowletter.campaign.CampaignView;
import dev.glowletter.subscription.SubscriberChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the events of the readers and the campaigns into deliveries, one per endpoint
 * that wants the event, written in the transaction of the change: they commit or roll
 * back with it, and nothing is lost between the two. Synchronous on purpose (not after
 * the commit, not through an event registry).
 */
@Component
class WebhookEvents {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final WebhookLedger ledger;

	private final CampaignService campaigns;

	WebhookEvents(JdbcClient jdbc, WebhookLedger ledger, CampaignService campaigns) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.campaigns = campaigns;
	}

	// the publishers are all in a transaction (Subscriptions' methods, CampaignService's,
	// CampaignTransitions' compare-and-sets); REQUIRED is for one that is not, which
	// then gets its deliveries committed on their own
	@EventListener
	@Transactional
	void on(SubscriberChanged event) {
		String type = "subscriber." + event.change().name().toLowerCase(Locale.ROOT);
		List<Long> endpoints = endpointsFor(type);
		if (endpoints.isEmpty()) {
			return;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", event.subscriberId());
		data.put("email", event.email());
		data.put("firstName", event.firstName());
		data.put("status", event.status().name());
		data.put("detail", event.detail());
		enqueue(endpoints, type, event.occurredAt(), data);
	}

	@EventListener
	@Transactional
	void on(CampaignStarted event) {
		campaign("campaign.started", event.campaignId(), event.startedAt(), null);
	}

	@EventListener
	@Transactional
	void on(CampaignFinished event) {
		campaign("campaign.finished", event.campaignId(), event.finishedAt(), null);
	}

	@EventListener
	@Transactional
	void on(CampaignPaused event) {
		campaign("campaign.paused", event.campaignId(), event.pausedAt(), event.reason());
	}

	private void campaign(String type, long id, Instant at, String reason) {
		List<Long> endpoints = endpointsFor(type);
		if (endpoints.isEmpty()) {
			return;
		}
		CampaignView campaign = campaigns.get(id);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", id);
		data.put("name", campaign.subject());
		data.put("status", campaign.status().name());
		if (reason != null) {
			data.put("reason", reason);
		}
		data.put("startedAt", campaign.startedAt() == null ? null : campaign.startedAt().toString());
		data.put("finishedAt", campaign.finishedAt() == null ? null : campaign.finishedAt().toString());
		if (campaign.progress() != null) {
			data.put("recipients", campaign.progress().recipients());
			data.put("sent", campaign.progress().sent());
			data.put("failed", campaign.progress().failed());
			data.put("queued", campaign.progress().queued());
			data.put("skipped", campaign.progress().skipped());
		}
		enqueue(endpoints, type, at, data);
	}

	/** The enabled endpoints that chose this event. */
	private List<Long> endpointsFor(String type) {
		return jdbc.sql("SELECT id, events FROM webhook_endpoint WHERE enabled ORDER BY id")
			.query((rs, row) -> Arrays.asList(rs.getString("events").split(",")).contains(type) ? rs.getLong("id")
					: null)
			.list()
			.stream()
			.filter(id -> id != null)
			.toList();
	}

	/** One message (one {@code webhook-id}) for the event, a delivery per endpoint. */
	private void enqueue(List<Long> endpoints, String type, Instant at, Map<String, Object> data) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("type", type);
		payload.put("timestamp", at.toString());
		payload.put("data", data);
		String body = JSON.writeValueAsString(payload);
		String messageId = Signatures.newMessageId();
		for (long endpoint : endpoints) {
			ledger.enqueue(endpoint, messageId, type, body);
		}
	}

}
