package dev.glowletter.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.glowletter.delivery.CampaignDeliveries.DeliveryRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CampaignFailureUnitTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void failureIsAnsweredFieldForFieldAsTheDeliveryRecordItIsMadeFromWas() {
		for (DeliveryRecord record : new DeliveryRecord[] {
				new DeliveryRecord(12, "FAILED", 3, null, null, "550 5.1.1 <gone@example.org>: no such user"),
				new DeliveryRecord(13, "FAILED", 1, Instant.parse("2026-11-25T10:00:00.123456Z"), "<a@x>", null) }) {
			assertThat(JSON.writeValueAsString(CampaignFailure.of(record))).isEqualTo(JSON.writeValueAsString(record));
		}
	}

}
