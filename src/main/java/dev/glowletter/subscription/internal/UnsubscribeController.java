package dev.glowletter.subscription.internal;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.subscription.Subscriptions;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Leaving the list, with no login: the signed link in every e-mail. GET shows a page with
 * one button; a POST unsubscribes, and the RFC 8058 one-click POST that mailbox providers
 * send ({@code List-Unsubscribe=One-Click}) gets a plain 200. The token is the authority,
 * which is why these POSTs need no CSRF token.
 */
@Controller
class UnsubscribeController {

	private static final String ONE_CLICK = "One-Click";

	private final Subscriptions subscriptions;

	private final GlowletterProperties properties;

	UnsubscribeController(Subscriptions subscriptions, GlowletterProperties properties) {
		this.subscriptions = subscriptions;
		this.properties = properties;
	}

	@ModelAttribute
	void common(Model model) {
		model.addAttribute("list", properties.list());
	}

	@GetMapping("/unsubscribe/{token}")
	String page(@PathVariable String token, Model model, HttpServletResponse response) {
		return subscriptions.unsubscribePage(token).map(page -> {
			model.addAttribute("page", page);
			model.addAttribute("token", token);
			return "subscription/unsubscribe";
		}).orElseGet(() -> unknown(response));
	}

	@PostMapping(path = "/unsubscribe/{token}", params = "List-Unsubscribe")
	ResponseEntity<String> oneClick(@PathVariable String token, @RequestParam("List-Unsubscribe") String value) {
		if (!ONE_CLICK.equals(value)) {
			return ResponseEntity.badRequest()
				.contentType(MediaType.TEXT_PLAIN)
				.body("Expected List-Unsubscribe=One-Click (RFC 8058).");
		}
		if (!subscriptions.unsubscribe(token, "one-click", true)) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.TEXT_PLAIN)
				.body("Unknown unsubscribe link.");
		}
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("You are unsubscribed.");
	}

	@PostMapping("/unsubscribe/{token}")
	String unsubscribe(@PathVariable String token, @RequestParam(required = false) String reason, Model model,
			HttpServletResponse response) {
		if (!subscriptions.unsubscribe(token, reason, false)) {
			return unknown(response);
		}
		model.addAttribute("token", token);
		return "subscription/unsubscribed";
	}

	@PostMapping("/unsubscribe/{token}/export")
	String export(@PathVariable String token, HttpServletResponse response) {
		return subscriptions.requestDataExport(token) ? "subscription/export-sent" : unknown(response);
	}

	private static String unknown(HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		return "subscription/unsubscribe-unknown";
	}

}
