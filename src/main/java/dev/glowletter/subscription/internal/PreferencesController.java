package dev.glowletter.subscription.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.subscription.EmailAddress;
import dev.glowletter.subscription.Frequency;
import dev.glowletter.subscription.ReaderFields;
import dev.glowletter.subscription.ReaderTimeZones;
import dev.glowletter.subscription.ReaderTopics;
import dev.glowletter.subscription.Subscriptions;
import dev.glowletter.subscription.TooManyRequests;
import jakarta.servlet.http.HttpServletRequest;
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
 * first name, topics and how often they want mail there, pauses the newsletter, asks to
 * move to another address, and finds the ways to their data and out. The token is the
 * authority, which is why the POST needs no CSRF token; a token that is not ours gets the
 * 404 page. The link mailed to a new address opens {@code /preferences/address/{token}}:
 * a page with a button, since mail scanners fetch every link they see.
 */
@Controller
class PreferencesController {

	/** What a reader over the limit of address changes from one IP address is told. */
	static final String REQUESTS_FROM_IP = "Too many requests came from your network in the last hour. "
			+ "Please try again later.";

	private final Subscriptions subscriptions;

	private final GlowletterProperties properties;

	private final ObjectProvider<ReaderTopics> readerTopics;

	private final ObjectProvider<ReaderFields> readerFields;

	private final IpRateLimiter ipLimiter;

	PreferencesController(Subscriptions subscriptions, GlowletterProperties properties,
			ObjectProvider<ReaderTopics> readerTopics, ObjectProvider<ReaderFields> readerFields,
			IpRateLimiter ipLimiter) {
		this.subscriptions = subscriptions;
		this.properties = properties;
		this.readerTopics = readerTopics;
		this.readerFields = readerFields;
		this.ipLimiter = ipLimiter;
	}

	@ModelAttribute
	void common(Model model) {
		model.addAttribute("list", properties.list());
		ReaderTopics topics = readerTopics.getIfAvailable();
		model.addAttribute("topics", topics == null ? List.of() : topics.offered());
		// the fields the sign-up form shows are the reader's to change; the others are
		// the
		// admin's (their values are in the reader's data export)
		ReaderFields fields = readerFields.getIfAvailable();
		model.addAttribute("signupFields", fields == null ? List.of()
				: fields.defined().stream().filter(ReaderFields.Definition::onSignup).toList());
		model.addAttribute("timeZones", ReaderTimeZones.REGIONS);
		model.addAttribute("frequencies",
				Arrays.stream(Frequency.values())
					.map(f -> Map.of("value", f.name(), "id", f.name().toLowerCase(Locale.ROOT), "words", f.words()))
					.toList());
	}

	@GetMapping("/preferences/{token}")
	String page(@PathVariable String token, Model model, HttpServletResponse response) {
		return show(token, model, Map.of(), response);
	}

	@PostMapping("/preferences/{token}")
	String save(@PathVariable String token, @RequestParam(required = false) String firstName,
			@RequestParam(required = false) List<Long> topics, @RequestParam(required = false) String frequency,
			@RequestParam(required = false) String timeZone, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		var page = subscriptions.preferencesPage(token);
		if (page.isEmpty()) {
			return unknown(response);
		}
		List<Long> chosen = topics == null ? List.of() : topics.stream().filter(id -> id != null).distinct().toList();
		Map<String, String> values = SignupForm.fieldParameters(request.getParameterMap());
		Map<String, String> errors = new LinkedHashMap<>(
				SignupForm.preferenceProblems(firstName, chosen, readerTopics.getIfAvailable()));
		errors.putAll(SignupForm.fieldProblems(values, readerFields.getIfAvailable()));
		Frequency often = frequency(frequency);
		if (frequency != null && often == null) {
			errors.put("frequency", "Please choose how often you want the newsletter.");
		}
		// none sent: unchanged; blank: the list's
		String zone = timeZone == null ? page.get().timeZone() : ReaderTimeZones.region(timeZone).orElse(null);
		if (timeZone != null && !timeZone.isBlank() && zone == null) {
			errors.put("timeZone", "Please choose your time zone from the list.");
		}
		model.addAttribute("token", token);
		model.addAttribute("firstName", firstName == null ? "" : firstName);
		model.addAttribute("chosen", chosen);
		model.addAttribute("timeZone", timeZone == null ? "" : timeZone);
		if (!errors.isEmpty()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("page", page.get());
			model.addAttribute("frequency", page.get().frequency().name());
			model.addAttribute("fieldValues", values);
			model.addAttribute("errors", errors);
			return "subscription/preferences";
		}
		subscriptions.savePreferences(token, firstName, chosen, often, values);
		subscriptions.chooseTimeZone(token, zone);
		var saved = subscriptions.preferencesPage(token).orElseThrow();
		model.addAttribute("timeZone", saved.timeZone() == null ? "" : saved.timeZone());
		model.addAttribute("page", saved);
		model.addAttribute("frequency", saved.frequency().name());
		model.addAttribute("fieldValues", saved.fields());
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

	/**
	 * Whether the links the reader clicks are recorded ({@code track} "false" says "don't
	 * track my clicks").
	 */
	@PostMapping("/preferences/{token}/clicks")
	String clicks(@PathVariable String token, @RequestParam(defaultValue = "false") String track, Model model,
			HttpServletResponse response) {
		if (!subscriptions.trackClicks(token, "true".equals(track))) {
			return unknown(response);
		}
		model.addAttribute("saved", true);
		return show(token, model, Map.of(), response);
	}

	/**
	 * Asks to move to another address ({@code email}): a link goes to it, and until it is
	 * used nothing changes. The answer is the same whether or not another reader has the
	 * address; a bad address is marked on the form.
	 */
	@PostMapping("/preferences/{token}/address")
	String changeAddress(@PathVariable String token, @RequestParam(defaultValue = "") String email, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		EmailAddress newEmail;
		try {
			newEmail = EmailAddress.parse(email);
		}
		catch (EmailAddress.Invalid ex) {
			return addressProblem(token, email, ex.getMessage(), model, response);
		}
		Duration wait = ipLimiter.acquire(request.getRemoteAddr());
		if (!wait.isZero()) {
			throw new TooManyRequests(REQUESTS_FROM_IP, "tooMany.requestsFromIp", wait);
		}
		return switch (subscriptions.requestAddressChange(token, newEmail)) {
			case UNKNOWN_LINK -> unknown(response);
			case ALREADY_YOURS ->
				addressProblem(token, email, "That is the address we write to already.", model, response);
			case REQUESTED -> {
				model.addAttribute("addressRequested", newEmail.toUnicode());
				yield show(token, model, Map.of(), response);
			}
		};
	}

	private String addressProblem(String token, String email, String problem, Model model,
			HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("newEmail", email);
		return show(token, model, Map.of("email", problem), response);
	}

	/** The page of the link mailed to a new address: a button, which confirms. */
	@GetMapping("/preferences/address/{token}")
	String addressPage(@PathVariable String token, Model model, HttpServletResponse response) {
		return subscriptions.pendingAddress(token).map(pending -> {
			model.addAttribute("pending", pending);
			model.addAttribute("token", token);
			return "subscription/address-confirm";
		}).orElseGet(() -> invalidAddressLink(response));
	}

	@PostMapping("/preferences/address/{token}")
	String confirmAddress(@PathVariable String token, Model model, HttpServletResponse response) {
		return switch (subscriptions.confirmAddressChange(token)) {
			case CHANGED -> "subscription/address-changed";
			case INVALID -> invalidAddressLink(response);
			case TAKEN -> {
				response.setStatus(HttpStatus.CONFLICT.value());
				model.addAttribute("taken", true);
				yield "subscription/address-changed";
			}
		};
	}

	private String show(String token, Model model, Map<String, String> errors, HttpServletResponse response) {
		return subscriptions.preferencesPage(token).map(page -> {
			model.addAttribute("page", page);
			model.addAttribute("token", token);
			model.addAttribute("firstName", page.firstName() == null ? "" : page.firstName());
			model.addAttribute("chosen", page.topicIds());
			model.addAttribute("frequency", page.frequency().name());
			model.addAttribute("fieldValues", page.fields());
			model.addAttribute("timeZone", page.timeZone() == null ? "" : page.timeZone());
			model.addAttribute("errors", errors);
			return "subscription/preferences";
		}).orElseGet(() -> unknown(response));
	}

	/** The frequency a form sent, or null when it sent none or one we do not know. */
	private static Frequency frequency(String value) {
		return value == null ? null
				: Arrays.stream(Frequency.values()).filter(f -> f.name().equals(value)).findFirst().orElse(null);
	}

	private static String unknown(HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		return "subscription/unsubscribe-unknown";
	}

	private static String invalidAddressLink(HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		return "subscription/address-invalid";
	}

}
