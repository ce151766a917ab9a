package dev.glowletter.campaign.internal;

import java.net.URI;
import java.util.List;

import dev.glowletter.campaign.DigestService;
import dev.glowletter.campaign.DigestSettings;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin API of recurring digests. */
@RestController
@RequestMapping("/api/digests")
class DigestApiController {

	private final DigestService digests;

	DigestApiController(DigestService digests) {
		this.digests = digests;
	}

	@PostMapping
	ResponseEntity<DigestService.DigestView> create(@RequestBody DigestSettings settings) {
		DigestService.DigestView created = digests.create(settings);
		return ResponseEntity.created(URI.create("/api/digests/" + created.id())).body(created);
	}

	@PutMapping("/{id}")
	DigestService.DigestView update(@PathVariable long id, @RequestBody DigestSettings settings) {
		return digests.update(id, settings);
	}

	@GetMapping
	List<DigestService.DigestView> list() {
		return digests.list();
	}

	@GetMapping("/{id}")
	DigestService.DigestView get(@PathVariable long id) {
		return digests.get(id);
	}

	@PostMapping("/{id}/enable")
	DigestService.DigestView enable(@PathVariable long id) {
		return digests.enable(id);
	}

	@PostMapping("/{id}/disable")
	DigestService.DigestView disable(@PathVariable long id) {
		return digests.disable(id);
	}

	@GetMapping("/{id}/runs")
	List<DigestService.RunView> runs(@PathVariable long id) {
		return digests.runs(id);
	}

	/** "Run now": an edition of what is new, whatever the schedule says. */
	@PostMapping("/{id}/run")
	DigestService.RunView run(@PathVariable long id) {
		return digests.runNow(id);
	}

}
