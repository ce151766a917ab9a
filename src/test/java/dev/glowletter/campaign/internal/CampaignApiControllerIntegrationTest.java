package dev.glowletter.campaign.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.glowletter.WebSlice;
import dev.glowletter.campaign.CampaignNotFound;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.DigestService;
import dev.glowletter.campaign.IllegalTransition;
import dev.glowletter.campaign.InvalidCampaign;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The campaign module's admin API answering the campaign's refusals as problem details,
 * with its services mocked.
 */
@WebSlice({ CampaignApiController.class, DigestApiController.class })
class CampaignApiControllerIntegrationTest {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CampaignService campaigns;

	@MockitoBean
	DigestService digests;

	@Test
	void refusedCampaignIsA400ProblemNamingEachFieldWithItsMessage() throws Exception {
		Map<String, String> problems = new LinkedHashMap<>();
		problems.put("subject", "The subject cannot be empty.");
		problems.put("template", "A template is named by lower-case letters, digits and dashes, e.g. \"digest\".");
		given(campaigns.create(any(), any())).willThrow(new InvalidCampaign(problems));

		mvc.perform(post("/api/campaigns").contentType(MediaType.APPLICATION_JSON).content("{\"template\": \"../x\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Please correct the request"))
			.andExpect(jsonPath("$.type").value("urn:glowletter:problem:invalid"))
			.andExpect(jsonPath("$.detail").value(
					"The subject cannot be empty. A template is named by lower-case letters, digits and dashes, e.g. "
							+ "\"digest\"."))
			.andExpect(jsonPath("$.errors.subject").value("The subject cannot be empty."))
			.andExpect(jsonPath("$.errors.template")
				.value("A template is named by lower-case letters, digits and dashes, e.g. \"digest\"."))
			.andExpect(jsonPath("$.errors.length()").value(2));
	}

	@Test
	void refusedDigestIsTheSame400Problem() throws Exception {
		given(digests.create(any())).willThrow(new InvalidCampaign(Map.of("cron", "Give five fields.")));

		mvc.perform(post("/api/digests").contentType(MediaType.APPLICATION_JSON).content("{\"cron\": \"every day\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.title").value("Please correct the request"))
			.andExpect(jsonPath("$.type").value("urn:glowletter:problem:invalid"))
			.andExpect(jsonPath("$.errors.cron").value("Give five fields."));
	}

	@Test
	void moveTheCampaignCannotMakeIsA409SayingWhereItIs() throws Exception {
		given(campaigns.schedule(anyLong(), any()))
			.willThrow(new IllegalTransition(5L, CampaignStatus.SENT, "scheduled"));

		mvc.perform(
				post("/api/campaigns/5/schedule").contentType(MediaType.APPLICATION_JSON).content("{\"now\": true}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.title").value("Not possible in this state"))
			.andExpect(jsonPath("$.type").value("urn:glowletter:problem:illegal-transition"))
			.andExpect(jsonPath("$.detail").value("Campaign 5 is SENT and cannot be scheduled."));
	}

	@Test
	void unknownCampaignIsA404SayingWhichOne() throws Exception {
		given(campaigns.get(anyLong())).willThrow(new CampaignNotFound("campaign", 424242));

		mvc.perform(get("/api/campaigns/424242"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.title").value("Not Found"))
			.andExpect(jsonPath("$.detail").value("There is no campaign 424242."));
	}

	@Test
	void campaignChangedMeanwhileIsA409AskingToLoadItAgain() throws Exception {
		given(campaigns.pause(anyLong())).willThrow(new ObjectOptimisticLockingFailureException(Campaign.class, 5L));

		mvc.perform(post("/api/campaigns/5/pause"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.title").value("Changed meanwhile"))
			.andExpect(jsonPath("$.detail")
				.value("The campaign changed while this request was made (it may have just started sending). Load it "
						+ "again and retry."));
	}

}
