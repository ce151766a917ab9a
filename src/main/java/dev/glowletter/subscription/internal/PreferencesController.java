package dev.glowletter.subscription.internal;

import java.util.List;
import java.util.Map;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.subscription.ReaderTopics;
import dev.glowletter.subscription.Subscriptions;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The reader's preference page, with no login: the signed link in every e-mail's footer
 * (the unsubscribe link's token, at {@code /preferences/}). The reader changes their
 * first name and topics there, and finds the ways to their data and out. The token is the
 * authority, which is why the POST needs no CSRF token; a token that is not ours gets the
 * 404 page.
 */
@Controller
class PreferencesController {

	private final Subscriptions subscriptions;

	private final GlowletterProperties properties;

	private final ObjectProvider<ReaderTopics> readerTopics;

	PreferencesController(Subscriptions subscriptions, GlowletterProperties properties,
			ObjectProvider<ReaderTopics> readerTopics) {
		this.subscriptions = subscriptions;
		this.properties = properties;
		this.readerTopics = readerTopics;
	}

	@ModelAttribute
	void common(Model model) {
		model.addAttribute("list", properties.list());
		ReaderTopics topics = readerTopics.getIfAvailable();
		model.addAttribute("topics", topics == null ? List.of() : topics.offered());
	}

	@GetMapping("/preferences/{token}")
	String page(@PathVariable String token, Model model, HttpServletResponse response) {
		return show(token, model, Map.of(), response);
	}

	@PostMapping("/preferences/{token}")
	String save(@PathVariable String token, @RequestParam(required = false) String firstName,
			@RequestParam(required = false) List<Long> topics, Model model, HttpServletResponse response) {
		var page = subscriptions.preferencesPage(token);
		if (page.isEmpty()) {
			return unknown(response);
		}
		List<Long> chosen = topics == null ? List.of() : topics.stream().filter(id -> id != null).distinct().toList();
		Map<String, String> errors = SignupForm.preferenceProblems(firstName, chosen, readerTopics.getIfAvailable());
		model.addAttribute("token", token);
		model.addAttribute("firstName", firstName == null ? "" : firstName);
		model.addAttribute("chosen", chosen);
		if (!errors.isEmpty()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("page", page.get());
			model.addAttribute("errors", errors);
			return "subscription/preferences";
		}
		subscriptions.savePreferences(token, firstName, chosen);
		model.addAttribute("page", subscriptions.preferencesPage(token).orElseThrow());
		model.addAttribute("errors", Map.of());
		model.addAttribute("saved", true);
		return "subscription/preferences";
	}

	/** Pauses the newsletter for 30 or 90 days ({@code days}), or resumes it (0). */
	@PostMapping("/preferences/{token}/pause")
	String pause(@PathVariable String token, @RequestParam(defaultValue = "0") String days, Model model,
			HttpServletResponse response) {
		int length;
		try {
			length = Integer.parseInt(days);
		}
		catch (NumberFormatException ex) {
			length = -1;
		}
		if (length != 0 && !Subscriptions.PAUSE_DAYS.contains(length)) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return show(token, model, Map.of("pause", "A pause is for 30 or 90 days."), response);
		}
		if (!subscriptions.pause(token, length)) {
			return unknown(response);
		}
		model.addAttribute("saved", true);
		return show(token, model, Map.of(), response);
	}

	private String show(String token, Model model, Map<String, String> errors, HttpServletResponse response) {
		return subscriptions.preferencesPage(token).map(page -> {
			model.addAttribute("page", page);
			model.addAttribute("token", token);
			model.addAttribute("firstName", page.firstName() == null ? "" : page.firstName());
			model.addAttribute("chosen", page.topicIds());
			model.addAttribute("errors", errors);
			return "subscription/preferences";
		}).orElseGet(() -> unknown(response));
	}

	private static String unknown(HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		return "subscription/unsubscribe-unknown";
	}

}
