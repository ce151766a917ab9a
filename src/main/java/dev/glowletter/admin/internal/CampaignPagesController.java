package dev.glowletter.admin.internal;

import static dev.glowletter.admin.internal.AdminPages.flash;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.article.Articles;
import dev.glowletter.audience.Segments;
import dev.glowletter.audience.Topic;
import dev.glowletter.audience.Topics;
import dev.glowletter.campaign.CampaignService;
import dev.glowletter.campaign.CampaignStatus;
import dev.glowletter.campaign.CampaignView;
import dev.glowletter.campaign.InvalidCampaign;
import dev.glowletter.engagement.Clicks;
import dev.glowletter.feedback.Bounces;
import dev.glowletter.rendering.RenderedNewsletter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.HtmlUtils;

/**
 * Campaign pages: the list, the editor with its live preview, scheduling, steering and
 * the report.
 */
@Controller
class CampaignPagesController {

	/**
	 * The e-mail's own styles are inline: the preview frame gets the same narrow policy
	 * as the view-in-browser page.
	 */
	static final String PREVIEW_CSP = "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; "
			+ "frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

	private final CampaignService campaigns;

	private final Articles articles;

	private final Bounces bounces;

	private final Topics topics;

	private final Segments segments;

	private final GlowletterProperties properties;

	private final Clicks clicks;

	CampaignPagesController(CampaignService campaigns, Articles articles, Bounces bounces, Topics topics,
			Segments segments, GlowletterProperties properties, Clicks clicks) {
		this.properties = properties;
		this.clicks = clicks;
		this.topics = topics;
		this.segments = segments;
		this.campaigns = campaigns;
		this.articles = articles;
		this.bounces = bounces;
	}

	@GetMapping("/admin/campaigns")
	String list(@RequestParam(required = false) CampaignStatus status, Model model) {
		model.addAttribute("campaigns",
				campaigns.list(status, PageRequest.of(0, 100, Sort.by(Sort.Direction.DESC, "id"))).getContent());
		model.addAttribute("status", status == null ? "" : status.name());
		model.addAttribute("statuses", Arrays.stream(CampaignStatus.values()).map(Enum::name).toList());
		return "admin/campaigns";
	}

	@GetMapping("/admin/campaigns/new")
	String create(Model model) {
		return editor(null, CampaignForm.empty(), Map.of(), model);
	}

	@PostMapping("/admin/campaigns")
	String save(@RequestParam MultiValueMap<String, String> params, Principal admin, Model model,
			RedirectAttributes redirect) {
		CampaignForm form = CampaignForm.of(params);
		if (!form.problems().isEmpty()) {
			return editor(null, form, form.problems(), model);
		}
		try {
			CampaignView created = campaigns.create(form.content(), admin.getName());
			flash(redirect, "Draft saved. Check the preview, send yourself a test, then schedule it.");
			return "redirect:/admin/campaigns/" + created.id();
		}
		catch (InvalidCampaign ex) {
			return editor(null, form, ex.errors(), model);
		}
	}

	@GetMapping("/admin/campaigns/{id}/edit")
	String edit(@PathVariable long id, Model model, RedirectAttributes redirect) {
		CampaignView campaign = campaigns.get(id);
		if (campaign.status() != CampaignStatus.DRAFT) {
			flash(redirect, "Only a draft can be edited: this campaign is " + campaign.status().name().toLowerCase()
					+ ". Duplicate it to write a new one.", "error");
			return "redirect:/admin/campaigns/" + id;
		}
		return editor(campaign, CampaignForm.of(campaign), Map.of(), model);
	}

	@PostMapping("/admin/campaigns/{id}")
	String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
			RedirectAttributes redirect) {
		CampaignForm form = CampaignForm.of(params);
		if (!form.problems().isEmpty()) {
			return editor(campaigns.get(id), form, form.problems(), model);
		}
		try {
			campaigns.update(id, form.content());
			flash(redirect, "Changes saved.");
			return "redirect:/admin/campaigns/" + id;
		}
		catch (InvalidCampaign ex) {
			return editor(campaigns.get(id), form, ex.errors(), model);
		}
		catch (IllegalStateException ex) {
			flash(redirect, ex.getMessage(), "error");
			return "redirect:/admin/campaigns/" + id;
		}
	}

	private String editor(CampaignView campaign, CampaignForm form, Map<String, String> errors, Model model) {
		model.addAttribute("campaign", campaign);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("picks", form.picks(articles.findAll(form.articleIds()), articles.latest(50)));
		// by the article's id as the template spells it
		Map<String, Integer> readers = new HashMap<>();
		clicks.mostRead(ArticlePagesController.MOST_READ_DAYS, 100)
			.forEach(read -> readers.put(Long.toString(read.articleId()), read.readers()));
		model.addAttribute("readersOf", readers);
		model.addAttribute("topics", topics.list());
		model.addAttribute("segments", segments.list());
		model.addAttribute("audienceCount",
				AudienceCounts.describe(segments, form.target(), form.topicIds(), form.segmentId()));
		return "admin/campaign-edit";
	}

	/**
	 * Unsaved editor content, rendered for the preview frame (the form posts here with
	 * target="preview").
	 */
	@PostMapping(value = "/admin/campaigns/preview", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> previewUnsaved(@RequestParam MultiValueMap<String, String> params) {
		try {
			return html(campaigns.preview(CampaignForm.of(params).content()).html());
		}
		catch (InvalidCampaign ex) {
			return html("<!DOCTYPE html><html><body "
					+ "style=\"font-family:system-ui,sans-serif;color:#b00020;padding:1rem\"><p>No preview yet: "
					+ HtmlUtils.htmlEscape(ex.getMessage()) + "</p></body></html>");
		}
	}

	@GetMapping(value = "/admin/campaigns/{id}/preview", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> preview(@PathVariable long id) {
		return html(campaigns.preview(id, null).html());
	}

	private static ResponseEntity<String> html(String html) {
		return ResponseEntity.ok()
			.header("Content-Security-Policy", PREVIEW_CSP)
			.contentType(MediaType.TEXT_HTML)
			.body(html);
	}

	@GetMapping("/admin/campaigns/{id}")
	String show(@PathVariable long id, Model model) {
		return overview(campaigns.get(id), Map.of(), null, null, model);
	}

	private String overview(CampaignView campaign, Map<String, String> errors, String sendAt, String timeZone,
			Model model) {
		model.addAttribute("campaign", campaign);
		model.addAttribute("articles", articles.findAll(campaign.articleIds()));
		model.addAttribute("topicNames",
				topics.list().stream().filter(t -> campaign.topicIds().contains(t.id())).map(Topic::name).toList());
		if (campaign.segmentId() != null) {
			model.addAttribute("segmentName", segments.get(campaign.segmentId()).name());
		}
		model.addAttribute("errors", errors);
		model.addAttribute("zones", AdminPages.ZONES);
		model.addAttribute("sendAt", sendAt != null ? sendAt
				: campaign.scheduledAtLocal() != null ? campaign.scheduledAtLocal().toString() : "");
		model.addAttribute("timeZone", timeZone != null ? timeZone
				: campaign.timeZone() != null ? campaign.timeZone() : properties.list().timeZone());
		model.addAttribute("at", campaign.localSchedule() != null ? "reader" : "zone");
		model.addAttribute("ifPassed",
				campaign.localSchedule() != null ? campaign.localSchedule().ifPassed() : "AT_ONCE");
		RenderedNewsletter rendered = null;
		String previewProblem = null;
		try {
			rendered = campaigns.preview(campaign.id(), null);
		}
		catch (InvalidCampaign ex) {
			previewProblem = ex.getMessage();
		}
		model.addAttribute("text", rendered == null ? "" : rendered.text());
		model.addAttribute("previewProblem", previewProblem);
		model.addAttribute("failures",
				List.of(CampaignStatus.SENT, CampaignStatus.SENDING, CampaignStatus.PAUSED).contains(campaign.status())
						? campaigns.failures(campaign.id()) : List.of());
		model.addAttribute("skipReasons",
				campaign.progress().skipped() > 0 ? campaigns.skipReasons(campaign.id()) : Map.of());
		if (campaign.startedAt() != null) {
			model.addAttribute("clicks", clicks.ofCampaign(campaign.id(), campaign.startedAt()));
		}
		Bounces.Counts counts = bounces.countsOf(campaign.id());
		model.addAttribute("bounceCounts", counts);
		model.addAttribute("bounceLevel", counts.level(campaign.progress().sent()));
		model.addAttribute("diagnostics",
				counts.equals(Bounces.Counts.NONE) ? List.of() : bounces.diagnosticsOf(campaign.id(), 20));
		model.addAttribute("bounces",
				counts.equals(Bounces.Counts.NONE) ? List.of() : bounces.page(null, campaign.id(), 0, 50));
		return "admin/campaign";
	}

	/** The campaign's bounces and complaints, as CSV. */
	@GetMapping("/admin/campaigns/{id}/bounces.csv")
	void bouncesCsv(@PathVariable long id, HttpServletResponse response) throws IOException {
		csv(id, "bounces", response, bounces::writeCsv);
	}

	/** Every click of the campaign, readers' and machines', as CSV. */
	@GetMapping("/admin/campaigns/{id}/clicks.csv")
	void clicksCsv(@PathVariable long id, HttpServletResponse response) throws IOException {
		csv(id, "clicks", response, clicks::writeCsv);
	}

	/** A download of the campaign's {@code what}, written as CSV by {@code writer}. */
	private void csv(long id, String what, HttpServletResponse response, BiConsumer<Long, Writer> writer)
			throws IOException {
		campaigns.get(id);
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"campaign-" + id + "-" + what + ".csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		writer.accept(id, out);
		out.flush();
	}

	@PostMapping("/admin/campaigns/{id}/test")
	String test(@PathVariable long id, @RequestParam(defaultValue = "") String addresses, Model model,
			RedirectAttributes redirect) {
		List<String> list = Arrays.stream(addresses.split("[,;\\s]+")).filter(a -> !a.isBlank()).toList();
		try {
			int sent = campaigns.sendTest(id, list);
			flash(redirect, "A [TEST] copy is on its way to " + sent + (sent == 1 ? " address." : " addresses."));
			return "redirect:/admin/campaigns/" + id;
		}
		catch (InvalidCampaign ex) {
			model.addAttribute("testAddresses", addresses);
			return overview(campaigns.get(id), ex.errors(), null, null, model);
		}
	}

	@PostMapping("/admin/campaigns/{id}/schedule")
	String schedule(@PathVariable long id, @RequestParam(required = false) String sendAt,
			@RequestParam(required = false) String timeZone, @RequestParam(required = false) String now,
			@RequestParam(defaultValue = "zone") String at, @RequestParam(defaultValue = "AT_ONCE") String ifPassed,
			@RequestParam(required = false) String windowFrom, @RequestParam(required = false) String windowUntil,
			Model model, RedirectAttributes redirect) {
		if ("reader".equals(at) && now == null) {
			return scheduleAtReadersTime(id, sendAt, timeZone, "NEXT_DAY".equals(ifPassed), windowFrom, windowUntil,
					model, redirect);
		}
		boolean immediately = now != null;
		LocalDateTime when = null;
		Map<String, String> errors = new LinkedHashMap<>();
		if (!immediately && sendAt != null && !sendAt.isBlank()) {
			try {
				when = LocalDateTime.parse(sendAt.strip());
			}
			catch (DateTimeParseException ex) {
				errors.put("sendAt", "Pick a date and a time.");
			}
		}
		try {
			if (!errors.isEmpty()) {
				return overview(campaigns.get(id), errors, sendAt, timeZone, model);
			}
			CampaignView scheduled = campaigns.schedule(id,
					new CampaignService.Schedule(when, timeZone, immediately).within(windowFrom, windowUntil));
			flash(redirect, immediately ? "Sending starts within a few seconds." : "Scheduled for "
					+ scheduled.scheduledAtLocal().toString().replace('T', ' ') + " " + scheduled.timeZone() + ".");
			return "redirect:/admin/campaigns/" + id;
		}
		catch (InvalidCampaign ex) {
			return overview(campaigns.get(id), ex.errors(), sendAt, timeZone, model);
		}
		catch (IllegalStateException ex) {
			flash(redirect, ex.getMessage(), "error");
			return "redirect:/admin/campaigns/" + id;
		}
	}

	/**
	 * The send time's date and time in each reader's zone; the zone for readers with
	 * none.
	 */
	private String scheduleAtReadersTime(long id, String sendAt, String timeZone, boolean nextDay, String windowFrom,
			String windowUntil, Model model, RedirectAttributes redirect) {
		Map<String, String> errors = new LinkedHashMap<>();
		LocalDateTime when = null;
		try {
			when = LocalDateTime.parse(sendAt == null ? "" : sendAt.strip());
		}
		catch (DateTimeParseException ex) {
			errors.put("sendAt", "Pick a date and a time.");
		}
		try {
			if (!errors.isEmpty()) {
				return overview(campaigns.get(id), errors, sendAt, timeZone, model);
			}
			CampaignView scheduled = campaigns.schedule(id,
					CampaignService.Schedule
						.localTime(when.toLocalDate(), when.toLocalTime().toString(), timeZone, nextDay)
						.within(windowFrom, windowUntil));
			flash(redirect,
					"Scheduled for " + when.toLocalTime() + " on " + when.toLocalDate()
							+ " in each reader's time zone; the first readers are queued at "
							+ scheduled.scheduledAt().toString().replace('T', ' ').replace("Z", " UTC") + ".");
			return "redirect:/admin/campaigns/" + id;
		}
		catch (InvalidCampaign ex) {
			Map<String, String> shown = new LinkedHashMap<>(ex.errors());
			// the form has one field for the date and the time
			for (String field : List.of("date", "localTime")) {
				String problem = shown.remove(field);
				if (problem != null) {
					shown.merge("sendAt", problem, (a, b) -> a + " " + b);
				}
			}
			return overview(campaigns.get(id), shown, sendAt, timeZone, model);
		}
		catch (IllegalStateException ex) {
			flash(redirect, ex.getMessage(), "error");
			return "redirect:/admin/campaigns/" + id;
		}
	}

	@PostMapping("/admin/campaigns/{id}/{action:unschedule|pause|resume|cancel|retry-failed}")
	String steer(@PathVariable long id, @PathVariable String action, RedirectAttributes redirect) {
		try {
			switch (action) {
				case "unschedule" -> {
					campaigns.unschedule(id);
					flash(redirect, "Back to draft: it will not be sent until you schedule it again.");
				}
				case "pause" -> {
					campaigns.pause(id);
					flash(redirect, "Paused. Nothing more goes out until you resume.");
				}
				case "resume" -> {
					campaigns.resume(id);
					flash(redirect, "Resumed: sending carries on where it stopped.");
				}
				case "cancel" -> {
					campaigns.cancel(id);
					flash(redirect, "Cancelled. Copies already sent stay sent; nothing more goes out.");
				}
				default -> {
					campaigns.retryFailed(id);
					flash(redirect, "The failed copies are queued again.");
				}
			}
		}
		catch (IllegalStateException ex) {
			flash(redirect, ex.getMessage(), "error");
		}
		return "redirect:/admin/campaigns/" + id;
	}

	/** Publishes a sent campaign in the public archive, or takes it out. */
	@PostMapping("/admin/campaigns/{id}/archive")
	String archive(@PathVariable long id, @RequestParam(defaultValue = "") String published,
			RedirectAttributes redirect) {
		if (!published.equals("true") && !published.equals("false")) {
			flash(redirect, "Choose to publish the campaign in the archive or to remove it.", "error");
			return "redirect:/admin/campaigns/" + id;
		}
		try {
			CampaignView campaign = campaigns.publish(id, published.equals("true"));
			flash(redirect, campaign.archiveUrl() != null ? "Published in the archive: " + campaign.archiveUrl()
					: "Removed from the archive.");
		}
		catch (InvalidCampaign ex) {
			flash(redirect, String.join(" ", ex.errors().values()), "error");
		}
		catch (IllegalStateException ex) {
			flash(redirect, ex.getMessage(), "error");
		}
		return "redirect:/admin/campaigns/" + id;
	}

	@PostMapping("/admin/campaigns/{id}/duplicate")
	String duplicate(@PathVariable long id, Principal admin, RedirectAttributes redirect) {
		CampaignView copy = campaigns.duplicate(id, admin.getName());
		flash(redirect, "A copy was made as a new draft.");
		return "redirect:/admin/campaigns/" + copy.id() + "/edit";
	}

	/**
	 * The live numbers of one campaign, polled by the progress bars (session login, so no
	 * API password in the page).
	 */
	@GetMapping("/admin/campaigns/{id}/progress")
	@ResponseBody
	Map<String, Object> progress(@PathVariable long id) {
		CampaignView campaign = campaigns.get(id);
		CampaignView.Progress p = campaign.progress();
		int done = p.sent() + p.failed() + p.skipped();
		int percent = p.recipients() > 0 ? done * 100 / p.recipients()
				: campaign.status() == CampaignStatus.SENT ? 100 : 0;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", campaign.status().name());
		body.put("percent", percent);
		body.put("recipients", p.recipients());
		body.put("sent", p.sent());
		body.put("failed", p.failed());
		body.put("queued", p.queued());
		body.put("skipped", p.skipped());
		body.put("ratePerSecond", p.ratePerSecond());
		body.put("etaSeconds", p.etaSeconds());
		return body;
	}

}
