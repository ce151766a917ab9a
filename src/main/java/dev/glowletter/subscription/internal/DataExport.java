package dev.glowletter.subscription.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.glowletter.delivery.SentArticles.SentArticle;
import dev.glowletter.engagement.Clicks.ReaderClick;
import dev.glowletter.engagement.Clicks.ReaderOpen;
import dev.glowletter.subscription.EmailAddress;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Everything we hold about one reader, as the JSON file they receive. */
public final class DataExport {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private DataExport() {
	}

	/**
	 * @param fields the reader's custom field values, key to value
	 * @param articles the articles the reader was sent (the article ledger)
	 * @param clicks the links of our e-mails they clicked (the click tracker's record)
	 * @param opens the e-mails they opened, where opens are counted
	 */
	public static byte[] json(Subscriber subscriber, List<String> topics, Map<String, String> fields,
			List<Consent> consents, List<SubscriberEvent> events, List<SentArticle> articles, List<ReaderClick> clicks,
			List<ReaderOpen> opens) {
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("email", subscriber.getEmail().toUnicode());
		profile.put("firstName", subscriber.getFirstName());
		profile.put("status", subscriber.getStatus().name());
		profile.put("subscribedAt", text(subscriber.getCreatedAt()));
		profile.put("confirmedAt", text(subscriber.getConfirmedAt()));
		profile.put("lastSignupAt", text(subscriber.getLastSignupAt()));
		profile.put("unsubscribedAt", text(subscriber.getUnsubscribedAt()));
		profile.put("unsubscribeReason", subscriber.getUnsubscribeReason());
		profile.put("topics", topics);
		profile.put("frequency", subscriber.getFrequency().name());
		profile.put("pausedUntil", text(subscriber.getPausedUntil()));
		profile.put("timeZone", subscriber.getTimeZone());
		profile.put("newEmailAwaitingConfirmation",
				subscriber.getNewEmail() == null ? null : new EmailAddress(subscriber.getNewEmail()).toUnicode());
		profile.put("fields", fields);
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("profile", profile);
		all.put("consents", consents.stream().map(c -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("givenAt", text(c.getGivenAt()));
			row.put("source", c.getSource().name());
			row.put("ip", c.getIp());
			row.put("userAgent", c.getUserAgent());
			row.put("consentText", c.getConsentText());
			row.put("consentTextVersion", c.getConsentTextVersion());
			return row;
		}).toList());
		all.put("events", events.stream().map(e -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("type", e.getType());
			row.put("at", text(e.getOccurredAt()));
			row.put("detail", e.getDetail());
			return row;
		}).toList());
		all.put("articlesReceived", articles.stream().map(a -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("articleId", a.articleId());
			row.put("title", a.title());
			row.put("campaignId", a.campaignId());
			row.put("sentAt", text(a.sentAt()));
			return row;
		}).toList());
		all.put("linksClicked", clicks.stream().map(c -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("clickedAt", text(c.clickedAt()));
			row.put("campaignId", c.campaignId());
			row.put("articleId", c.articleId());
			row.put("title", c.title());
			row.put("url", c.url());
			return row;
		}).toList());
		all.put("emailsOpened", opens.stream().map(o -> {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("openedAt", text(o.openedAt()));
			row.put("campaignId", o.campaignId());
			return row;
		}).toList());
		return JSON.writeValueAsString(all).getBytes(StandardCharsets.UTF_8);
	}

	private static String text(Instant instant) {
		return instant == null ? null : instant.toString();
	}

}
