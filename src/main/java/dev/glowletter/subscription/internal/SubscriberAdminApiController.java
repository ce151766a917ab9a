package dev.glowletter.subscription.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import dev.glowletter.subscription.SubscriberDirectory;
import dev.glowletter.subscription.SubscriberImport;
import dev.glowletter.subscription.SubscriberStatus;
import dev.glowletter.subscription.Subscriptions;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The admin's view of the readers: search, one reader with their history, CSV import and
 * export, and erasing them (GDPR).
 */
@RestController
@RequestMapping("/api/subscribers")
class SubscriberAdminApiController {

	private final Subscriptions subscriptions;

	private final SubscriberDirectory directory;

	private final SubscriberImport imports;

	SubscriberAdminApiController(Subscriptions subscriptions, SubscriberDirectory directory, SubscriberImport imports) {
		this.subscriptions = subscriptions;
		this.directory = directory;
		this.imports = imports;
	}

	/**
	 * Newest first; {@code q} matches part of the address or first name; {@code size} at
	 * most 200.
	 */
	@GetMapping
	SubscriberDirectory.Page list(@RequestParam(required = false) String q,
			@RequestParam(required = false) SubscriberStatus status, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return directory.search(new SubscriberDirectory.Filter(q, status), page, size);
	}

	/** The reader with their consent records and event history. */
	@GetMapping("/{id}")
	ResponseEntity<?> get(@PathVariable long id) {
		return ResponseEntity.ok(directory.details(id).orElseThrow(() -> new SubscriberNotFound(id)));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<?> erase(@PathVariable long id) {
		if (!subscriptions.erase(id)) {
			throw new SubscriberNotFound(id);
		}
		return ResponseEntity.noContent().build();
	}

	/** Every reader as CSV, streamed. */
	@GetMapping(value = "/export", produces = "text/csv")
	void export(HttpServletResponse response) throws IOException {
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"subscribers.csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		directory.exportCsv(out);
		out.flush();
	}

	/**
	 * Imports a CSV file (multipart field {@code file}).
	 * {@code emailColumn}/{@code nameColumn} count from 0; by default they are guessed
	 * from the header. {@code consentHeld=true} adds the readers as confirmed; otherwise
	 * each gets a confirmation e-mail. {@code field.skinType=3} takes the values of the
	 * custom field {@code skinType} from column 3; a row with a bad value is reported
	 * among the invalid ones and not imported. {@code topicsColumn} names the column of
	 * each reader's topics (names separated by semicolons, as the export writes them); by
	 * default the column headed "topics", -1 for none. A row naming a topic the list has
	 * not is reported among the invalid ones and not imported. {@code timeZoneColumn}
	 * names the column of each reader's time zone (e.g. Europe/Paris; empty: the list's);
	 * by default the column headed "timeZone" or "time zone", -1 for none; a row with a
	 * zone the tz database does not know is reported among the invalid ones.
	 */
	@PostMapping(value = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<?> importFile(@RequestPart("file") MultipartFile file,
			@RequestParam(required = false) Integer emailColumn, @RequestParam(required = false) Integer nameColumn,
			@RequestParam(defaultValue = "false") boolean consentHeld,
			@RequestParam(required = false) Integer topicsColumn, @RequestParam Map<String, String> parameters)
			throws IOException {
		return importBytes(file.getBytes(), emailColumn, nameColumn, consentHeld, topicsColumn, parameters);
	}

	/** The same, with the CSV as the request body ({@code Content-Type: text/csv}). */
	@PostMapping(value = "/import", consumes = "text/csv")
	ResponseEntity<?> importBody(@RequestBody byte[] csv, @RequestParam(required = false) Integer emailColumn,
			@RequestParam(required = false) Integer nameColumn,
			@RequestParam(defaultValue = "false") boolean consentHeld,
			@RequestParam(required = false) Integer topicsColumn, @RequestParam Map<String, String> parameters) {
		return importBytes(csv, emailColumn, nameColumn, consentHeld, topicsColumn, parameters);
	}

	private ResponseEntity<?> importBytes(byte[] csv, Integer emailColumn, Integer nameColumn, boolean consentHeld,
			Integer topicsColumn, Map<String, String> parameters) {
		SubscriberImport.Preview preview;
		try {
			preview = imports.preview(csv);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidImport(ex.getMessage(), Map.of());
		}
		int email = emailColumn != null ? emailColumn : preview.emailColumn();
		int name = nameColumn != null ? nameColumn : preview.nameColumn();
		if (email < 0 || email >= preview.columns().size()) {
			throw new InvalidImport("emailColumn must name one of the file's " + preview.columns().size()
					+ " columns, counting from 0.", Map.of("emailColumn", "no such column"));
		}
		int topics = topicsColumn != null ? topicsColumn : preview.topicsColumn();
		if (topics < -1 || topics >= preview.columns().size() || topics == email) {
			throw new InvalidImport(
					"topicsColumn must name one of the file's " + preview.columns().size()
							+ " columns other than the addresses', counting from 0, or be -1 for none.",
					Map.of("topicsColumn", "no such column"));
		}
		Map<Integer, String> fieldColumns = new HashMap<>();
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			if (parameter.getKey().startsWith("field.")) {
				String key = parameter.getKey().substring("field.".length());
				String column = parameter.getValue();
				if (column == null || !column.matches("\\d{1,4}")
						|| Integer.parseInt(column) >= preview.columns().size()) {
					throw new InvalidImport(parameter.getKey() + " must name one of the file's "
							+ preview.columns().size() + " columns, counting from 0.",
							Map.of(parameter.getKey(), "no such column"));
				}
				fieldColumns.put(Integer.parseInt(column), key);
			}
		}
		int zone = preview.timeZoneColumn();
		String zoneColumn = parameters.get("timeZoneColumn");
		if (zoneColumn != null) {
			zone = zoneColumn.matches("-?\\d{1,4}") ? Integer.parseInt(zoneColumn) : Integer.MAX_VALUE;
			if (zone < -1 || zone >= preview.columns().size() || zone == email) {
				throw new InvalidImport(
						"timeZoneColumn must name one of the file's " + preview.columns().size()
								+ " columns other than the addresses', counting from 0, or be -1 for none.",
						Map.of("timeZoneColumn", "no such column"));
			}
		}
		return ResponseEntity.ok(imports.importCsv(csv,
				new SubscriberImport.Options(email, name, consentHeld, fieldColumns, topics, zone)));
	}

}
