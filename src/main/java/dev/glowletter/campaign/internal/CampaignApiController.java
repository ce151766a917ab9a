package dev.glowletter.campaign.internal;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import dev.glowletter.campaign.CampaignContent;
import dev.glowletter.campaign.CampaignFailure;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.CampaignView;
import dev.glowletter.campaign.InvalidCampaign;
import dev.glowletter.rendering.RenderedNewsletter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of campaigns: write, check, test, schedule, and steer them while they go
 * out.
 */
@RestController
@RequestMapping("/api/campaigns")
class CampaignApiController {

	private final CampaignService campaigns;

	CampaignApiController(CampaignService campaigns) {
		this.campaigns = campaigns;
	}

	@PostMapping
	ResponseEntity<CampaignView> create(@RequestBody CampaignContent content, Principal admin) {
		CampaignView created = campaigns.create(content, admin == null ? null : admin.getName());
		return ResponseEntity.created(URI.create("/api/campaigns/" + created.id())).body(created);
	}

	@PutMapping("/{id}")
	CampaignView update(@PathVariable long id, @RequestBody CampaignContent content) {
		return campaigns.update(id, content);
	}

	@GetMapping("/{id}")
	CampaignView get(@PathVariable long id) {
		return campaigns.get(id);
	}

	@GetMapping
	Page<CampaignView> list(@RequestParam(required = false) CampaignStatus status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		return campaigns.list(status, PageRequest.of(Math.max(0, page), Math.min(Math.max(1, size), 100),
				Sort.by(Sort.Direction.DESC, "id")));
	}

	/**
	 * @param body optionally {@code {"subscriberId": 12}} to see the e-mail as that
	 * reader gets it
	 */
	@PostMapping("/{id}/preview")
	RenderedNewsletter preview(@PathVariable long id, @RequestBody(required = false) Map<String, Long> body) {
		return campaigns.preview(id, body == null ? null : body.get("subscriberId"));
	}

	record TestSend(List<String> addresses) {
	}

	@PostMapping("/{id}/test")
	Map<String, Object> test(@PathVariable long id, @RequestBody TestSend body) {
		int sent = campaigns.sendTest(id, body.addresses());
		return Map.of("queued", sent, "message", "A [TEST] copy is on its way to " + sent + " address(es).");
	}

	@PostMapping("/{id}/schedule")
	CampaignView schedule(@PathVariable long id, @RequestBody CampaignService.Schedule schedule) {
		return campaigns.schedule(id, schedule);
	}

	@PostMapping("/{id}/unschedule")
	CampaignView unschedule(@PathVariable long id) {
		return campaigns.unschedule(id);
	}

	@PostMapping("/{id}/pause")
	CampaignView pause(@PathVariable long id) {
		return campaigns.pause(id);
	}

	@PostMapping("/{id}/resume")
	CampaignView resume(@PathVariable long id) {
		return campaigns.resume(id);
	}

	@PostMapping("/{id}/cancel")
	CampaignView cancel(@PathVariable long id) {
		return campaigns.cancel(id);
	}

	/** Queues again the copies that failed for good (e.g. after fixing the relay). */
	@PostMapping("/{id}/retry-failed")
	CampaignView retryFailed(@PathVariable long id) {
		return campaigns.retryFailed(id);
	}

	/** The delivery log's failures, with each SMTP reply. */
	@GetMapping("/{id}/failures")
	List<CampaignFailure> failures(@PathVariable long id) {
		return campaigns.failures(id);
	}

	/** What to do with the campaign in the public archive. */
	record Publication(
			@Schema(description = "true publishes a sent campaign in the public archive, false takes it " + "out",
					example = "true") Boolean published) {
	}

	/**
	 * Publishes a sent campaign in the public archive ({@code /archive}), or takes it
	 * out: {@code {"published": true}}; a campaign not sent yet is a 409.
	 */
	@PostMapping("/{id}/archive")
	CampaignView archive(@PathVariable long id, @RequestBody(required = false) Publication body) {
		if (body == null || body.published() == null) {
			throw new InvalidCampaign(Map.of("published",
					"Say whether the campaign is in the public archive: {\"published\": true} or false."));
		}
		return campaigns.publish(id, body.published());
	}

	@PostMapping("/{id}/duplicate")
	ResponseEntity<CampaignView> duplicate(@PathVariable long id, Principal admin) {
		CampaignView copy = campaigns.duplicate(id, admin == null ? null : admin.getName());
		return ResponseEntity.created(URI.create("/api/campaigns/" + copy.id())).body(copy);
	}

}
