package dev.glowletter.admin.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.glowletter.audience.Segment;
import dev.glowletter.audience.Segments;
import dev.glowletter.audience.Topics;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The segments pages: the list with how many readers each reaches now, the editor of a
 * segment's conditions with its live count, and delete.
 */
@Controller
class SegmentPagesController {

	private final Segments segments;

	private final Topics topics;

	SegmentPagesController(Segments segments, Topics topics) {
		this.segments = segments;
		this.topics = topics;
	}

	/** One segment of the list, with the readers it reaches now. */
	public record Listed(Segment segment, int readers) {
	}

	@GetMapping("/admin/segments")
	String list(Model model) {
		model.addAttribute("segments",
				segments.list().stream().map(s -> new Listed(s, segments.count(s.id()))).toList());
		return "admin/segments";
	}

	@GetMapping("/admin/segments/new")
	String create(Model model) {
		return editor(null, SegmentForm.empty(), Map.of(), model);
	}

	@GetMapping("/admin/segments/{id}")
	String edit(@PathVariable long id, Model model) {
		Segment segment = found(id);
		return editor(segment, SegmentForm.of(segment), Map.of(), model);
	}

	@PostMapping("/admin/segments")
	String save(@RequestParam MultiValueMap<String, String> params, Model model, RedirectAttributes redirect) {
		SegmentForm form = SegmentForm.of(params);
		try {
			Segment created = segments.create(form.input());
			AdminPages.flash(redirect, "Segment saved. Campaigns and digests can be for it now.");
			return "redirect:/admin/segments/" + created.id();
		}
		catch (Segments.Invalid ex) {
			return editor(null, form, SegmentForm.fieldErrors(ex.errors()), model);
		}
	}

	@PostMapping("/admin/segments/{id}")
	String update(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
			RedirectAttributes redirect) {
		Segment segment = found(id);
		SegmentForm form = SegmentForm.of(params);
		try {
			segments.update(id, form.input());
			AdminPages.flash(redirect, "Segment saved.");
			return "redirect:/admin/segments/" + id;
		}
		catch (Segments.Invalid ex) {
			return editor(segment, form, SegmentForm.fieldErrors(ex.errors()), model);
		}
	}

	/** The editor again with more blank rows, nothing saved. */
	@PostMapping({ "/admin/segments/more", "/admin/segments/{id}/more" })
	String more(@PathVariable(required = false) Long id, @RequestParam MultiValueMap<String, String> params,
			Model model) {
		return editor(id == null ? null : found(id), SegmentForm.of(params), Map.of(), model);
	}

	@PostMapping("/admin/segments/{id}/delete")
	String delete(@PathVariable long id, RedirectAttributes redirect) {
		try {
			segments.delete(id);
			AdminPages.flash(redirect, "Segment deleted.");
		}
		catch (Segments.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		catch (Segments.InUse ex) {
			AdminPages.flash(redirect, ex.getMessage(), "error");
		}
		return "redirect:/admin/segments";
	}

	/** The editor's live count of the conditions as written, before they are saved. */
	@PostMapping("/admin/segments/count")
	@ResponseBody
	Map<String, Object> count(@RequestParam MultiValueMap<String, String> params) {
		Map<String, Object> answer = new LinkedHashMap<>();
		try {
			int readers = segments.count(SegmentForm.of(params).filter());
			answer.put("readers", readers);
			answer.put("text", String.format(Locale.ENGLISH, "%,d reader%s match%s now.", readers,
					readers == 1 ? "" : "s", readers == 1 ? "es" : ""));
		}
		catch (Segments.Invalid ex) {
			answer.put("invalid", true);
			answer.put("text", "Not counted yet: " + ex.getMessage());
		}
		return answer;
	}

	private Segment found(long id) {
		try {
			return segments.get(id);
		}
		catch (Segments.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
	}

	private String editor(Segment segment, SegmentForm form, Map<String, String> errors, Model model) {
		model.addAttribute("segment", segment);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("topics", topics.list());
		model.addAttribute("fields", segments.fields());
		model.addAttribute("kinds", KINDS);
		model.addAttribute("operators", OPERATORS);
		String count;
		try {
			int readers = segments.count(form.filter());
			count = String.format(Locale.ENGLISH, "%,d reader%s match%s now.", readers, readers == 1 ? "" : "s",
					readers == 1 ? "es" : "");
		}
		catch (Segments.Invalid ex) {
			count = "Not counted yet: correct the conditions marked.";
		}
		model.addAttribute("count", count);
		return "admin/segment-edit";
	}

	/** The kinds of condition, in the editor's words. */
	static final List<Option> KINDS = List.of(new Option("status", "Status"), new Option("topics", "Topics"),
			new Option("signedUp", "Sign-up date"), new Option("source", "Sign-up source"),
			new Option("field", "Custom field"), new Option("softBounces", "Soft bounces"),
			new Option("timeZone", "Time zone"));

	/**
	 * The operators, in the editor's words; which go with which kind is checked on save.
	 */
	static final List<Option> OPERATORS = List.of(new Option("in", "is one of"), new Option("anyOf", "any of"),
			new Option("noneOf", "none of"), new Option("equals", "equals"), new Option("oneOf", "is one of (list)"),
			new Option("before", "before"), new Option("after", "after"), new Option("lessThan", "less than"),
			new Option("greaterThan", "greater than"), new Option("atLeast", "at least"),
			new Option("atMost", "at most"), new Option("empty", "is empty"), new Option("notEmpty", "is not empty"),
			new Option("unknown", "is unknown (the list's)"));

	/** A choice of a select. Public for the template. */
	public record Option(String value, String label) {
	}

}
