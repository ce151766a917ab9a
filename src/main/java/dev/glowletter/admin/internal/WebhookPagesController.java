package dev.glowletter.admin.internal;

import java.util.List;
import java.util.Map;

import dev.glowletter.webhook.Webhooks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The webhooks page (OWNER): the endpoints, a form to add one (its secret shown once),
 * and for each its events, enable or disable, delete, and its recent deliveries with
 * "send again".
 */
@Controller
class WebhookPagesController {

	private final Webhooks webhooks;

	WebhookPagesController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	@GetMapping("/admin/webhooks")
	String list(Model model) {
		return page(model, Map.of(), "", "", List.of());
	}

	@PostMapping("/admin/webhooks")
	String create(@RequestParam(required = false) String url, @RequestParam(required = false) String description,
			@RequestParam(required = false) List<String> events, Model model, RedirectAttributes redirect) {
		Webhooks.Created created;
		try {
			created = webhooks.create(new Webhooks.Input(url, description, events == null ? List.of() : events));
		}
		catch (Webhooks.Invalid ex) {
			return page(model, ex.errors(), url, description, events == null ? List.of() : events);
		}
		redirect.addFlashAttribute("secret", created.secret());
		AdminPages.flash(redirect, "Endpoint added. Copy its secret now: it is not shown again.");
		return "redirect:/admin/webhooks/" + created.endpoint().id();
	}

	@GetMapping("/admin/webhooks/{id}")
	String endpoint(@PathVariable long id, Model model) {
		try {
			model.addAttribute("endpoint", webhooks.get(id));
			model.addAttribute("deliveries", webhooks.deliveries(id, 50));
		}
		catch (Webhooks.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		model.addAttribute("allEvents", Webhooks.EVENTS);
		return "admin/webhook";
	}

	@PostMapping("/admin/webhooks/{id}")
	String update(@PathVariable long id, @RequestParam(required = false) String url,
			@RequestParam(required = false) String description, @RequestParam(required = false) List<String> events,
			RedirectAttributes redirect) {
		try {
			webhooks.update(id, new Webhooks.Input(url, description == null ? "" : description,
					events == null ? List.of() : events));
			AdminPages.flash(redirect, "Endpoint saved.");
		}
		catch (Webhooks.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		catch (Webhooks.Invalid ex) {
			AdminPages.flash(redirect, ex.getMessage(), "error");
		}
		return "redirect:/admin/webhooks/" + id;
	}

	@PostMapping("/admin/webhooks/{id}/enabled")
	String enable(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
		try {
			webhooks.enable(id, enabled);
		}
		catch (Webhooks.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		AdminPages.flash(redirect, enabled ? "Endpoint enabled: its pending deliveries go out again."
				: "Endpoint disabled: nothing is sent to it until it is enabled.");
		return "redirect:/admin/webhooks/" + id;
	}

	@PostMapping("/admin/webhooks/{id}/delete")
	String delete(@PathVariable long id, RedirectAttributes redirect) {
		try {
			webhooks.delete(id);
		}
		catch (Webhooks.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		AdminPages.flash(redirect, "Endpoint deleted, with its deliveries.");
		return "redirect:/admin/webhooks";
	}

	@PostMapping("/admin/webhooks/deliveries/{id}/retry")
	String retry(@PathVariable long id, RedirectAttributes redirect) {
		Webhooks.Delivery delivery;
		try {
			delivery = webhooks.resend(id);
		}
		catch (Webhooks.NotFound ex) {
			throw new AdminPages.NotFound(ex.getMessage());
		}
		AdminPages.flash(redirect, "Sent again, with the same webhook-id: it goes out within seconds.");
		return "redirect:/admin/webhooks/" + delivery.endpointId();
	}

	private String page(Model model, Map<String, String> errors, String url, String description, List<String> events) {
		model.addAttribute("endpoints", webhooks.list());
		model.addAttribute("allEvents", Webhooks.EVENTS);
		model.addAttribute("errors", errors);
		model.addAttribute("url", url == null ? "" : url);
		model.addAttribute("description", description == null ? "" : description);
		model.addAttribute("chosen", events);
		return "admin/webhooks";
	}

}
