package dev.glowletter.admin.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.glowletter.audience.Field;
import dev.glowletter.audience.Fields;
import dev.glowletter.audience.Topic;
import dev.glowletter.audience.Topics;
import dev.glowletter.engagement.Clicks;
import dev.glowletter.subscription.SubscriberDirectory;
import dev.glowletter.subscription.SubscriberImport;
import dev.glowletter.subscription.SubscriberStatus;
import dev.glowletter.subscription.Subscriptions;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Subscriber pages: search, one reader, erasing them, and the CSV import and export. */
@Controller
class SubscriberPagesController {

	private final Clicks clicks;

	private final Topics topics;

	private final Fields fields;

	/** The uploaded file waits in the session between the preview and the import. */
	static final String UPLOAD = "glowletter.import.upload";

	private final SubscriberDirectory directory;

	private final SubscriberImport imports;

	private final Subscriptions subscriptions;

	private final ImportJobs importJobs;

	SubscriberPagesController(SubscriberDirectory directory, SubscriberImport imports, Subscriptions subscriptions,
			ImportJobs importJobs, Topics topics, Fields fields, Clicks clicks) {
		this.topics = topics;
		this.clicks = clicks;
		this.fields = fields;
		this.directory = directory;
		this.imports = imports;
		this.subscriptions = subscriptions;
		this.importJobs = importJobs;
	}

	@GetMapping("/admin/subscribers")
	String list(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") int page, Model model) {
		SubscriberStatus filter = Arrays.stream(SubscriberStatus.values())
			.filter(s -> s.name().equals(status))
			.findFirst()
			.orElse(null);
		model.addAttribute("result", directory.search(new SubscriberDirectory.Filter(q, filter), page, 50));
		model.addAttribute("q", q == null ? "" : q);
		model.addAttribute("status", filter == null ? "" : filter.name());
		model.addAttribute("statuses", Arrays.stream(SubscriberStatus.values()).map(Enum::name).toList());
		return "admin/subscribers";
	}

	@GetMapping("/admin/subscribers/{id:\\d+}")
	String show(@PathVariable long id, Model model) {
		model.addAttribute("details", directory.details(id)
			.orElseThrow(
					() -> new AdminPages.NotFound("There is no subscriber " + id + ". They may have been erased.")));
		model.addAttribute("topics", topics.ofReader(id).stream().map(Topic::name).toList());
		model.addAttribute("preferences", subscriptions.preferences(id).orElse(null));
		Map<String, String> values = fields.valuesOf(id);
		model.addAttribute("fieldValues",
				fields.list()
					.stream()
					.filter(field -> values.containsKey(field.key()))
					.map(field -> Map.of("label", field.label(), "key", field.key(), "value", values.get(field.key())))
					.toList());
		model.addAttribute("clicks", clicks.ofReader(id).stream().limit(20).toList());
		return "admin/subscriber";
	}

	@GetMapping("/admin/subscribers/{id:\\d+}/erase")
	String confirmErase(@PathVariable long id, Model model) {
		model.addAttribute("details",
				directory.details(id).orElseThrow(() -> new AdminPages.NotFound("There is no subscriber " + id + ".")));
		return "admin/subscriber-erase";
	}

	@PostMapping("/admin/subscribers/{id:\\d+}/erase")
	String erase(@PathVariable long id, RedirectAttributes redirect) {
		if (!subscriptions.erase(id)) {
			throw new AdminPages.NotFound("There is no subscriber " + id + ".");
		}
		AdminPages.flash(redirect,
				"Subscriber erased. Only a hash of the address remains, so no import can add it back.");
		return "redirect:/admin/subscribers";
	}

	@GetMapping("/admin/subscribers/export")
	void export(HttpServletResponse response) throws IOException {
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"subscribers.csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		directory.exportCsv(out);
		out.flush();
	}

	@GetMapping("/admin/subscribers/import")
	String importForm(Model model) {
		model.addAttribute("errors", Map.of());
		return "admin/import";
	}

	@PostMapping("/admin/subscribers/import")
	String upload(@RequestParam(required = false) MultipartFile file, HttpSession session, Model model)
			throws IOException {
		if (file == null || file.isEmpty()) {
			model.addAttribute("errors", Map.of("file", "Choose a CSV file to upload."));
			return "admin/import";
		}
		byte[] bytes = file.getBytes();
		SubscriberImport.Preview preview;
		try {
			preview = imports.preview(bytes);
		}
		catch (IllegalArgumentException ex) {
			model.addAttribute("errors", Map.of("file", ex.getMessage()));
			return "admin/import";
		}
		session.setAttribute(UPLOAD, bytes);
		model.addAttribute("preview", preview);
		model.addAttribute("fields", fields.list());
		model.addAttribute("topicNames", topics.list().stream().map(Topic::name).toList());
		model.addAttribute("fileName", file.getOriginalFilename() == null ? "the file" : file.getOriginalFilename());
		model.addAttribute("errors", Map.of());
		return "admin/import-map";
	}

	/**
	 * Runs the import; {@code field.<key>} names the column (from 0, -1 for none) of each
	 * custom field, {@code topicsColumn} that of the readers' topics,
	 * {@code timeZoneColumn} that of their time zones.
	 */
	@PostMapping("/admin/subscribers/import/run")
	String run(@RequestParam(defaultValue = "-1") int emailColumn, @RequestParam(defaultValue = "-1") int nameColumn,
			@RequestParam(defaultValue = "false") boolean consentHeld,
			@RequestParam(defaultValue = "-1") int topicsColumn, @RequestParam(defaultValue = "-1") int timeZoneColumn,
			@RequestParam Map<String, String> parameters, HttpSession session, Model model,
			RedirectAttributes redirect) {
		byte[] bytes = (byte[]) session.getAttribute(UPLOAD);
		if (bytes == null) {
			AdminPages.flash(redirect, "The uploaded file has expired. Please upload it again.", "error");
			return "redirect:/admin/subscribers/import";
		}
		SubscriberImport.Preview preview = imports.preview(bytes);
		Map<Integer, String> fieldColumns = new HashMap<>();
		for (Field field : fields.list()) {
			String column = parameters.get("field." + field.key());
			if (column != null && column.matches("\\d{1,4}") && Integer.parseInt(column) < preview.columns().size()) {
				fieldColumns.put(Integer.parseInt(column), field.key());
			}
		}
		if (emailColumn < 0 || emailColumn >= preview.columns().size() || emailColumn == nameColumn
				|| fieldColumns.containsKey(emailColumn) || emailColumn == topicsColumn) {
			model.addAttribute("preview", preview);
			model.addAttribute("fields", fields.list());
			model.addAttribute("topicNames", topics.list().stream().map(Topic::name).toList());
			model.addAttribute("fileName", "the file");
			model.addAttribute("errors", Map.of("emailColumn", "Pick the column that holds the e-mail addresses."));
			return "admin/import-map";
		}
		session.removeAttribute(UPLOAD);
		String job = importJobs.start(bytes, new SubscriberImport.Options(emailColumn, nameColumn, consentHeld,
				fieldColumns, topicsColumn >= 0 && topicsColumn < preview.columns().size() ? topicsColumn : -1,
				timeZoneColumn >= 0 && timeZoneColumn < preview.columns().size() && timeZoneColumn != emailColumn
						? timeZoneColumn : -1));
		return "redirect:/admin/subscribers/import/" + job;
	}

	/** A running import's progress (the page refreshes itself), then its report. */
	@GetMapping("/admin/subscribers/import/{job}")
	String importStatus(@PathVariable String job, Model model, RedirectAttributes redirect) {
		ImportJobs.Job found = importJobs.find(job)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (found.error() != null) {
			AdminPages.flash(redirect, found.error(), "error");
			return "redirect:/admin/subscribers/import";
		}
		if (found.running()) {
			model.addAttribute("percent", found.percent());
			model.addAttribute("done", found.done());
			model.addAttribute("total", found.total());
			return "admin/import-progress";
		}
		model.addAttribute("report", found.report());
		model.addAttribute("consentHeld", found.consentHeld);
		return "admin/import-report";
	}

}
