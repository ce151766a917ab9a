package dev.glowletter.admin.internal;

import java.util.List;
import java.util.Map;

import dev.glowletter.audience.Topics;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The topics page: the list's topics in their order, a form to add one, and for each a
 * rename and a delete.
 */
@Controller
class TopicPagesController {

	private final Topics topics;

	TopicPagesController(Topics topics) {
		this.topics = topics;
	}

	@GetMapping("/admin/topics")
	String list(Model model) {
		return page(model, Map.of(), "", "", "");
	}

	@PostMapping("/admin/topics")
	String create(@RequestParam(required = false) String name, @RequestParam(required = false) String description,
			@RequestParam(required = false) String tags, Model model, RedirectAttributes redirect) {
		try {
			topics.create(new Topics.Input(name, description, null, tagList(tags)));
		}
		catch (Topics.Invalid ex) {
			return page(model, ex.errors(), name, description, tags);
		}
		AdminPages.flash(redirect, "Topic added. The sign-up form offers it now.");
		return "redirect:/admin/topics";
	}

	@PostMapping("/admin/topics/{id}")
	String update(@PathVariable long id, @RequestParam(required = false) String name,
			@RequestParam(required = false) String description, @RequestParam(required = false) Integer position,
			@RequestParam(required = false) String tags, RedirectAttributes redirect) {
		try {
			topics.update(id, new Topics.Input(name, description, position, tagList(tags)));
		}
		catch (Topics.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		catch (Topics.Invalid ex) {
			AdminPages.flash(redirect, ex.getMessage(), "error");
			return "redirect:/admin/topics";
		}
		AdminPages.flash(redirect, "Topic saved.");
		return "redirect:/admin/topics";
	}

	@PostMapping("/admin/topics/{id}/delete")
	String delete(@PathVariable long id, RedirectAttributes redirect) {
		try {
			topics.delete(id);
			AdminPages.flash(redirect, "Topic deleted. Readers who chose it keep their other topics.");
		}
		catch (Topics.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		catch (Topics.InUse ex) {
			AdminPages.flash(redirect, ex.getMessage(), "error");
		}
		return "redirect:/admin/topics";
	}

	private String page(Model model, Map<String, String> errors, String name, String description, String tags) {
		model.addAttribute("topics", topics.list());
		model.addAttribute("errors", errors);
		model.addAttribute("name", name == null ? "" : name);
		model.addAttribute("description", description == null ? "" : description);
		model.addAttribute("tags", tags == null ? "" : tags);
		return "admin/topics";
	}

	/** "hair, Hair loss" as typed: the facade cleans each. */
	private static List<String> tagList(String tags) {
		return tags == null ? List.of() : List.of(tags.split(","));
	}

}
