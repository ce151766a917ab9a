package dev.glowletter.admin.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.glowletter.InvalidInput;
import dev.glowletter.audience.Field;
import dev.glowletter.audience.Fields;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The fields page: the list's custom fields, a form to define one, a page to change one,
 * and a confirmation before one is deleted with every reader's value of it.
 */
@Controller
class FieldPagesController {

	private final Fields fields;

	FieldPagesController(Fields fields) {
		this.fields = fields;
	}

	/**
	 * What the field forms send: the choices one per line; a length or place that is no
	 * number is refused by the admin pages' 400.
	 */
	// public only so that the page template can read it back into the form
	public record FieldForm(String key, String label, String kind, String choices, Integer maxLength, boolean required,
			boolean onSignup, Integer position) {

		static FieldForm empty() {
			return new FieldForm("", "", "TEXT", "", null, false, false, null);
		}

		static FieldForm of(Field field) {
			return new FieldForm(field.key(), field.label(), field.kind().name(), String.join("\n", field.choices()),
					field.maxLength(), field.required(), field.onSignup(), field.position());
		}

		Fields.Input input() {
			boolean choice = "CHOICE".equalsIgnoreCase(kind);
			return new Fields.Input(key, label, kind,
					choice && choices != null ? Arrays.asList(choices.split("\\R")) : List.of(),
					"TEXT".equalsIgnoreCase(kind) ? maxLength : null, required, onSignup, position);
		}
	}

	@GetMapping("/admin/fields")
	String list(Model model) {
		return page(model, FieldForm.empty(), Map.of());
	}

	@PostMapping("/admin/fields")
	String create(@RequestParam(required = false) String key, @RequestParam(required = false) String label,
			@RequestParam(required = false) String kind, @RequestParam(required = false) String choices,
			@RequestParam(required = false) Integer maxLength, @RequestParam(defaultValue = "false") boolean required,
			@RequestParam(defaultValue = "false") boolean onSignup, Model model, RedirectAttributes redirect) {
		FieldForm form = new FieldForm(key, label, kind, choices, maxLength, required, onSignup, null);
		try {
			fields.create(form.input());
		}
		catch (Fields.Invalid | Fields.Duplicate ex) {
			return page(model, form, ((InvalidInput) ex).errors());
		}
		AdminPages.flash(redirect, "Field added." + (onSignup ? " The sign-up form shows it now." : ""));
		return "redirect:/admin/fields";
	}

	@GetMapping("/admin/fields/{id:\\d+}")
	String edit(@PathVariable long id, Model model) {
		return editPage(model, id, FieldForm.of(find(id)), Map.of());
	}

	@PostMapping("/admin/fields/{id:\\d+}")
	String update(@PathVariable long id, @RequestParam(required = false) String label,
			@RequestParam(required = false) String choices, @RequestParam(required = false) Integer maxLength,
			@RequestParam(defaultValue = "false") boolean required,
			@RequestParam(defaultValue = "false") boolean onSignup, @RequestParam(required = false) Integer position,
			Model model, RedirectAttributes redirect) {
		Field current = find(id);
		FieldForm form = new FieldForm(current.key(), label, current.kind().name(), choices, maxLength, required,
				onSignup, position);
		try {
			fields.update(id, form.input());
		}
		catch (Fields.Invalid ex) {
			return editPage(model, id, form, ex.errors());
		}
		AdminPages.flash(redirect, "Field saved.");
		return "redirect:/admin/fields";
	}

	/** What deleting takes away, before it is done. */
	@GetMapping("/admin/fields/{id:\\d+}/delete")
	String confirmDelete(@PathVariable long id, Model model) {
		model.addAttribute("field", find(id));
		model.addAttribute("readers", fields.readersWithValue(id));
		return "admin/field-delete";
	}

	@PostMapping("/admin/fields/{id:\\d+}/delete")
	String delete(@PathVariable long id, RedirectAttributes redirect) {
		Field field = find(id);
		fields.delete(id);
		AdminPages.flash(redirect, "Field " + field.label() + " deleted, with every reader's value of it.");
		return "redirect:/admin/fields";
	}

	private Field find(long id) {
		try {
			return fields.get(id);
		}
		catch (Fields.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
	}

	private String page(Model model, FieldForm form, Map<String, String> errors) {
		model.addAttribute("fields", fields.list());
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("kinds", Arrays.stream(Field.Kind.values()).map(Enum::name).toList());
		return "admin/fields";
	}

	private String editPage(Model model, long id, FieldForm form, Map<String, String> errors) {
		model.addAttribute("id", id);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		return "admin/field-edit";
	}

}
