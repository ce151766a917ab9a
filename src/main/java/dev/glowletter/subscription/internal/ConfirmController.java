package dev.glowletter.subscription.internal;

import java.util.Map;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.Subscriptions;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Double opt-in. The link in the e-mail opens a page with a button: mail scanners fetch
 * every link they see, so only the POST confirms.
 */
@Controller
class ConfirmController {

	private final Subscriptions subscriptions;

	private final GlowletterProperties properties;

	ConfirmController(Subscriptions subscriptions, GlowletterProperties properties) {
		this.subscriptions = subscriptions;
		this.properties = properties;
	}

	@ModelAttribute
	void common(Model model) {
		model.addAttribute("list", properties.list());
	}

	@GetMapping("/confirm/{token}")
	String page(@PathVariable String token, Model model, HttpServletResponse response) {
		return subscriptions.pendingConfirmation(token).map(pending -> {
			model.addAttribute("pending", pending);
			model.addAttribute("token", token);
			return "subscription/confirm";
		}).orElseGet(() -> invalid(response));
	}

	@PostMapping("/confirm/{token}")
	String confirm(@PathVariable String token, HttpServletResponse response) {
		return subscriptions.confirm(token) ? "subscription/confirmed" : invalid(response);
	}

	/**
	 * From the page of a link that expired: a new link, if the address is still waiting.
	 */
	@PostMapping("/confirm/resend")
	String resend(@RequestParam(defaultValue = "") String email, Model model, HttpServletResponse response) {
		try {
			subscriptions.resendConfirmation(EmailAddress.parse(email));
		}
		catch (EmailAddress.Invalid ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("email", email);
			model.addAttribute("errors", Map.of("email", ex.getMessage()));
			return "subscription/confirm-invalid";
		}
		return "redirect:/check-your-inbox";
	}

	private static String invalid(HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		return "subscription/confirm-invalid";
	}

}
