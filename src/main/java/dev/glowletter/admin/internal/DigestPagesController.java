package dev.glowletter.admin.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.audience.Segments;
import dev.glowletter.audience.Topics;
import dev.glowletter.campaign.DigestService;
import dev.glowletter.campaign.InvalidCampaign;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Recurring digests: the list with next runs and last result, the form with its cron
 * helper.
 */
@Controller
class DigestPagesController {

	private static final DateTimeFormatter IN_WORDS = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm",
			Locale.ENGLISH);

	private final DigestService digests;

	private final Topics topics;

	private final Segments segments;

	private final GlowletterProperties properties;

	DigestPagesController(DigestService digests, Topics topics, Segments segments, GlowletterProperties properties) {
		this.digests = digests;
		this.properties = properties;
		this.topics = topics;
		this.segments = segments;
	}

	/**
	 * One sample reader's personal edition, for the frames beside the preview's lists:
	 * {@code articles} their article ids in order, e.g. "12,9,4".
	 */
	@GetMapping(value = "/admin/digests/{id}/preview", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> samplePreview(@PathVariable long id, @RequestParam(defaultValue = "") String articles) {
		List<Long> ids;
		try {
			ids = Arrays.stream(articles.split(","))
				.map(String::strip)
				.filter(a -> !a.isEmpty())
				.map(Long::valueOf)
				.limit(100)
				.toList();
		}
		catch (NumberFormatException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"articles must be article ids separated by commas, e.g. 12,9,4");
		}
		return ResponseEntity.ok()
			.header("Content-Security-Policy", CampaignPagesController.PREVIEW_CSP)
			.contentType(MediaType.TEXT_HTML)
			.body(digests.samplePreview(id, ids).html());
	}

	@GetMapping("/admin/digests")
	String list(Model model) {
		List<DigestService.DigestView> all = digests.list();
		Map<String, List<String>> nextRuns = new HashMap<>();
		for (DigestService.DigestView d : all) {
			ZoneId zone = ZoneId.of(d.timeZone());
			nextRuns.put(Long.toString(d.id()),
					d.nextRuns().stream().map(i -> IN_WORDS.format(i.atZone(zone))).toList());
		}
		model.addAttribute("digests", all);
		model.addAttribute("nextRuns", nextRuns);
		return "admin/digests";
	}

	@GetMapping("/admin/digests/new")
	String create(Model model) {
		return form(null, DigestForm.empty(properties.list().timeZone()), Map.of(), model);
	}

	@GetMapping("/admin/digests/{id:\\d+}")
	String edit(@PathVariable long id, Model model) {
		DigestService.DigestView digest = digests.get(id);
		return form(digest, DigestForm.of(digest), Map.of(), model);
	}

	@PostMapping("/admin/digests")
	String save(DigestForm form, Model model, RedirectAttributes redirect) {
		try {
			digests.create(form.settings());
			AdminPages.flash(redirect,
					"Digest created. Each run makes an edition of the articles published since the last one.");
			return "redirect:/admin/digests";
		}
		catch (InvalidCampaign ex) {
			return form(null, form, ex.errors(), model);
		}
	}

	@PostMapping("/admin/digests/{id:\\d+}")
	String update(@PathVariable long id, DigestForm form, Model model, RedirectAttributes redirect) {
		try {
			digests.update(id, form.settings());
			AdminPages.flash(redirect, "Digest saved.");
			return "redirect:/admin/digests";
		}
		catch (InvalidCampaign ex) {
			return form(digests.get(id), form, ex.errors(), model);
		}
	}

	private String form(DigestService.DigestView digest, DigestForm form, Map<String, String> errors, Model model) {
		model.addAttribute("digest", digest);
		model.addAttribute("samples", digest == null ? List.of() : digests.personalPreview(digest.id()));
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("zones", AdminPages.ZONES);
		model.addAttribute("topics", topics.list());
		List<String> runs;
		try {
			runs = runs(form.cron(), form.timeZone());
		}
		catch (InvalidCampaign ex) {
			runs = List.of();
		}
		model.addAttribute("runs", runs);
		model.addAttribute("segments", segments.list());
		model.addAttribute("audienceCount",
				AudienceCounts.describe(segments,
						form.segment() != null ? "segment" : form.topicIds().isEmpty() ? "everyone" : "topics",
						form.topicIds(), form.segment()));
		return "admin/digest-edit";
	}

	@PostMapping("/admin/digests/{id:\\d+}/{action:run|enable|disable}")
	String act(@PathVariable long id, @PathVariable String action, RedirectAttributes redirect) {
		switch (action) {
			case "run" -> {
				DigestService.RunView run = digests.runNow(id);
				AdminPages.flash(redirect,
						"CREATED".equals(run.outcome()) ? "An edition was made and is being sent. " + run.reason()
								: "No edition: " + run.reason(),
						"CREATED".equals(run.outcome()) || "SKIPPED".equals(run.outcome()) ? "ok" : "error");
			}
			case "enable" -> {
				digests.enable(id);
				AdminPages.flash(redirect, "Digest enabled.");
			}
			default -> {
				digests.disable(id);
				AdminPages.flash(redirect, "Digest paused: no editions until you enable it.");
			}
		}
		return "redirect:/admin/digests";
	}

	/**
	 * The cron helper: the next three runs in words, or what is wrong with the
	 * expression.
	 */
	@GetMapping("/admin/digests/cron")
	@ResponseBody
	Map<String, Object> cron(@RequestParam(defaultValue = "") String cron,
			@RequestParam(defaultValue = "UTC") String timeZone) {
		try {
			return Map.of("runs", runs(cron, timeZone));
		}
		catch (InvalidCampaign ex) {
			return Map.of("error", ex.getMessage());
		}
	}

	private List<String> runs(String cron, String timeZone) {
		try {
			ZoneId zone = ZoneId.of(timeZone);
			List<Instant> next = digests.nextRuns(cron, timeZone, 3);
			return next.stream().map(i -> IN_WORDS.format(i.atZone(zone)) + " (" + zone.getId() + ")").toList();
		}
		catch (InvalidCampaign ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			return List.of();
		}
	}

}
